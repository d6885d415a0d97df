using System.Text.Json;

namespace CartStorage.Reliability.Tests.Model;

/// <summary>The reference merge, written from the contract (ICartStorage.MergeIdentifierAsync), not from the library's code.</summary>
public sealed partial class CartModel
{
    /// <summary>Merges the source cart of <paramref name="op"/> into its target; the outcome is the target's version, or "none".</summary>
    private string Merge(CartOperation op, CartSnapshot? source)
    {
        var targetKey = (op.Target, op.Instance);
        var target = carts.GetValueOrDefault(targetKey);
        if (op.Identifier == op.Target || source is null)
        {
            return target is null ? "none" : "v" + target.Version;
        }

        var sourceWins = op.Strategy == CartMergeStrategy.ReplaceWithSource;
        var current = target ?? CartSnapshot.Empty;
        var bySourceId = source.Items.ToDictionary(i => i.Id, StringComparer.Ordinal);
        var items = current.Items
            .Select(i => bySourceId.TryGetValue(i.Id, out var other) ? i with { Quantity = Quantity(op.Strategy, i.Quantity, other.Quantity) } : i)
            .Concat(source.Items.Where(i => !current.Items.Any(t => t.Id == i.Id)))
            .ToList();
        var (winner, loser) = sourceWins ? (source, current) : (current, source);
        var conditions = winner.Conditions.Concat(loser.Conditions.Where(c => !winner.Conditions.Any(w => w.Name == c.Name))).ToList();
        var metadata = new Dictionary<string, JsonElement>(loser.Metadata, StringComparer.Ordinal);
        foreach (var (key, value) in winner.Metadata)
        {
            metadata[key] = value;
        }

        carts.Remove((op.Identifier, op.Instance));
        return Write(targetKey, current with { Items = items, Conditions = conditions, Metadata = metadata }).Replace("ok ", string.Empty, StringComparison.Ordinal);
    }

    private static int Quantity(CartMergeStrategy strategy, int target, int source) => strategy switch
    {
        CartMergeStrategy.AddQuantities => target + source,
        CartMergeStrategy.KeepHighestQuantity => Math.Max(target, source),
        CartMergeStrategy.KeepTarget => target,
        _ => source,
    };
}
