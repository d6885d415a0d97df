using System.Text.Json;

namespace CartStorage.Reliability.Tests.Model;

/// <summary>
/// The reference: what <see cref="ICartStorage"/> promises, as a dictionary of snapshots. It knows nothing of any
/// backend. Ids are unknown (<see cref="Guid.Empty"/>) until a backend's first answer fixes them; after that the backend
/// must keep them (and a swap must move them).
/// </summary>
public sealed partial class CartModel
{
    private readonly Dictionary<(int Identifier, int Instance), CartSnapshot> carts = [];

    public CartSnapshot? Get(int identifier, int instance) => carts.GetValueOrDefault((identifier, instance));

    public IReadOnlyList<string> Instances(int identifier) =>
        [.. carts.Keys.Where(k => k.Identifier == identifier).Select(k => CartOperation.Instances[k.Instance]).Order(StringComparer.Ordinal)];

    /// <summary>Learns the id the backend gave a cart the model created.</summary>
    public void AdoptId(int identifier, int instance, Guid id)
    {
        if (carts.TryGetValue((identifier, instance), out var cart) && cart.Id == Guid.Empty)
        {
            carts[(identifier, instance)] = cart with { Id = id };
        }
    }

    /// <summary>Applies <paramref name="op"/> and returns its observable outcome (see <see cref="ModelRun.Outcome"/>).</summary>
    public string Apply(CartOperation op)
    {
        var key = (op.Identifier, op.Instance);
        var current = carts.GetValueOrDefault(key);
        switch (op.Kind)
        {
            case CartOperationKind.PutItems:
                return Write(key, (current ?? CartSnapshot.Empty) with { Items = op.Items });
            case CartOperationKind.PutConditions:
                return Write(key, (current ?? CartSnapshot.Empty) with { Conditions = op.Conditions });
            case CartOperationKind.PutBoth:
                return Write(key, (current ?? CartSnapshot.Empty) with { Items = op.Items, Conditions = op.Conditions });
            case CartOperationKind.PutMetadata:
                return Write(key, (current ?? CartSnapshot.Empty) with { Metadata = With(current, [new(op.MetadataKey, op.MetadataValue)]) });
            case CartOperationKind.PutMetadataBatch:
                return Write(key, (current ?? CartSnapshot.Empty) with { Metadata = With(current, op.MetadataBatch) });
            case CartOperationKind.ClearMetadata:
                return current is { Metadata.Count: > 0 } ? Write(key, current with { Metadata = new Dictionary<string, JsonElement>() }) : "ok";
            case CartOperationKind.Forget:
                carts.Remove(key);
                return "ok";
            case CartOperationKind.ForgetIdentifier:
                carts.Remove((op.Identifier, 0));
                carts.Remove((op.Identifier, 1));
                return "ok";
            case CartOperationKind.Swap:
                return "swap " + Swap(op, current);
            case CartOperationKind.Update:
                return Write(key, op.Update(current ?? CartSnapshot.Empty));
            case CartOperationKind.SaveFresh:
                return Write(key, (current ?? CartSnapshot.Empty) with { Items = op.Items });
            case CartOperationKind.SaveStale:
                return ModelRun.Conflict(op.StaleVersion(current?.Version ?? 0), current?.Version ?? 0);
            case CartOperationKind.SaveNew:
                return current is null ? Write(key, CartSnapshot.Empty with { Items = op.Items }) : ModelRun.Conflict(0, current.Version);
            case CartOperationKind.Flush:
                carts.Clear();
                return "ok";
            case CartOperationKind.ForgetFresh:
                carts.Remove(key);
                return "ok";
            case CartOperationKind.ForgetStale:
                return ModelRun.Conflict(op.StaleVersion(current?.Version ?? 0), current?.Version ?? 0);
            case CartOperationKind.Merge:
                return "merge " + Merge(op, current);
            default:
                throw new ArgumentOutOfRangeException(nameof(op), op.Kind, "unknown operation");
        }
    }

    private bool Swap(CartOperation op, CartSnapshot? source)
    {
        if (op.Identifier == op.Target || source is null)
        {
            return source is not null;
        }

        var targetKey = (op.Target, op.Instance);
        var targetVersion = carts.GetValueOrDefault(targetKey)?.Version ?? 0;
        carts[targetKey] = source with { Version = targetVersion + 1 };
        carts.Remove((op.Identifier, op.Instance));
        return true;
    }

    private string Write((int, int) key, CartSnapshot next)
    {
        var version = (carts.GetValueOrDefault(key)?.Version ?? 0) + 1;
        carts[key] = next with { Version = version };
        return "ok v" + version;
    }

    private static Dictionary<string, JsonElement> With(CartSnapshot? cart, IEnumerable<KeyValuePair<string, JsonElement>> values)
    {
        var metadata = new Dictionary<string, JsonElement>(cart?.Metadata ?? new Dictionary<string, JsonElement>(), StringComparer.Ordinal);
        foreach (var (key, value) in values)
        {
            metadata[key] = value;
        }

        return metadata;
    }
}
