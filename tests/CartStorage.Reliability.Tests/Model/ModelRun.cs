using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CartStorage.Reliability.Tests.Model;

/// <summary>Runs one operation sequence against a storage and the <see cref="CartModel"/> side by side, and compares.</summary>
public sealed class ModelRun(ICartStorage storage)
{
    private readonly string run = Guid.NewGuid().ToString("N")[..8];
    private readonly CartModel model = new();

    public static string Conflict(long expected, long actual) => $"conflict {expected}/{actual}";

    /// <summary>
    /// Runs <paramref name="operations"/>: after each one, its outcome (result or exception) and the carts it touched
    /// must agree with the model; at the end, every cart and instance list must agree.
    /// </summary>
    public async Task RunAsync(IReadOnlyList<CartOperation> operations)
    {
        for (var step = 0; step < operations.Count; step++)
        {
            var op = operations[step];
            var expected = model.Apply(op);
            var actual = await OutcomeAsync(op);
            if (actual != expected)
            {
                throw new ModelMismatchException($"step {step} {op}: storage said '{actual}', the model '{expected}'.");
            }

            await CompareAsync(op.Identifier, op.Instance, $"after step {step} {op}");
            if (op.Kind is CartOperationKind.Swap or CartOperationKind.Merge)
            {
                await CompareAsync(op.Target, op.Instance, $"after step {step} {op} (target)");
            }
        }

        for (var identifier = 0; identifier < 3; identifier++)
        {
            for (var instance = 0; instance < CartOperation.Instances.Length; instance++)
            {
                await CompareAsync(identifier, instance, "at the end");
            }

            var instances = await storage.GetInstancesAsync(Identifier(identifier));
            if (!instances.SequenceEqual(model.Instances(identifier)))
            {
                throw new ModelMismatchException($"instances of identifier {identifier} at the end: storage [{string.Join(", ", instances)}], model [{string.Join(", ", model.Instances(identifier))}].");
            }
        }
    }

    /// <summary>The observable result of one operation on the storage, in the form <see cref="CartModel.Apply"/> returns.</summary>
    private async Task<string> OutcomeAsync(CartOperation op)
    {
        var id = Identifier(op.Identifier);
        var instance = op.InstanceName;
        try
        {
            switch (op.Kind)
            {
                case CartOperationKind.PutItems:
                    await storage.PutItemsAsync(id, instance, op.Items);
                    return await WrittenAsync(id, instance);
                case CartOperationKind.PutConditions:
                    await storage.PutConditionsAsync(id, instance, op.Conditions);
                    return await WrittenAsync(id, instance);
                case CartOperationKind.PutBoth:
                    await storage.PutBothAsync(id, instance, op.Items, op.Conditions);
                    return await WrittenAsync(id, instance);
                case CartOperationKind.PutMetadata:
                    await storage.PutMetadataAsync(id, instance, op.MetadataKey, op.MetadataValue);
                    return await WrittenAsync(id, instance);
                case CartOperationKind.PutMetadataBatch:
                    await storage.PutMetadataBatchAsync(id, instance, op.MetadataBatch);
                    return await WrittenAsync(id, instance);
                case CartOperationKind.ClearMetadata:
                    var before = await storage.GetVersionAsync(id, instance);
                    await storage.ClearMetadataAsync(id, instance);
                    var after = await storage.GetVersionAsync(id, instance);
                    return after == before ? "ok" : "ok v" + after;
                case CartOperationKind.Forget:
                    await storage.ForgetAsync(id, instance);
                    return "ok";
                case CartOperationKind.ForgetIdentifier:
                    await storage.ForgetIdentifierAsync(id);
                    return "ok";
                case CartOperationKind.Swap:
                    return "swap " + await storage.SwapIdentifierAsync(id, Identifier(op.Target), instance);
                case CartOperationKind.Update:
                    return "ok v" + (await storage.UpdateAsync(id, instance, op.Update)).Version;
                case CartOperationKind.SaveFresh:
                    var read = await storage.GetAsync(id, instance) ?? CartSnapshot.Empty;
                    return "ok v" + (await storage.SaveAsync(id, instance, read with { Items = op.Items })).Version;
                case CartOperationKind.SaveStale:
                    var stale = op.StaleVersion(await storage.GetVersionAsync(id, instance));
                    return "ok v" + (await storage.SaveAsync(id, instance, CartSnapshot.Empty with { Items = op.Items, Version = stale })).Version;
                case CartOperationKind.SaveNew:
                    return "ok v" + (await storage.SaveAsync(id, instance, CartSnapshot.Empty with { Items = op.Items })).Version;
                case CartOperationKind.Flush:
                    await storage.FlushAsync();
                    return "ok";
                case CartOperationKind.ForgetFresh:
                    await storage.ForgetAsync(id, instance, (await storage.GetAsync(id, instance) ?? CartSnapshot.Empty).ETag);
                    return "ok";
                case CartOperationKind.ForgetStale:
                    var current = await storage.GetAsync(id, instance) ?? CartSnapshot.Empty;
                    await storage.ForgetAsync(id, instance, (current with { Version = op.StaleVersion(current.Version) }).ETag);
                    return "ok";
                case CartOperationKind.Merge:
                    var merged = await storage.MergeIdentifierAsync(id, Identifier(op.Target), instance, op.Strategy);
                    return "merge " + (merged is null ? "none" : "v" + merged.Version);
                default:
                    throw new ArgumentOutOfRangeException(nameof(op), op.Kind, "unknown operation");
            }
        }
        catch (CartConflictException e)
        {
            return Conflict(e.ExpectedVersion, e.ActualVersion);
        }
    }

    private async Task<string> WrittenAsync(string identifier, string instance) => "ok v" + await storage.GetVersionAsync(identifier, instance);

    private async Task CompareAsync(int identifier, int instance, string when)
    {
        var stored = await storage.GetAsync(Identifier(identifier), CartOperation.Instances[instance]);
        if (stored is not null)
        {
            model.AdoptId(identifier, instance, stored.Id);
        }

        var expected = Describe(model.Get(identifier, instance));
        var actual = Describe(stored);
        if (actual != expected)
        {
            throw new ModelMismatchException($"cart ({identifier}, {CartOperation.Instances[instance]}) {when}:\n  storage {actual}\n  model   {expected}");
        }
    }

    private string Identifier(int index) => $"model-{run}-{index}";

    /// <summary>Everything observable about a cart, with JSON in a canonical form (PostgreSQL jsonb reorders keys and spaces).</summary>
    private static string Describe(CartSnapshot? cart)
    {
        if (cart is null)
        {
            return "absent";
        }

        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"v{cart.Version} id={cart.Id} items=[");
        foreach (var item in cart.Items)
        {
            text.Append(CultureInfo.InvariantCulture, $"{item.Id}/{item.Name}x{item.Quantity}@{item.Price:0.00####} {Attributes(item.Attributes)} {item.AssociatedModel} {Conditions(item.Conditions)}; ");
        }

        return text.Append(CultureInfo.InvariantCulture, $"] conditions={Conditions(cart.Conditions)} metadata={Attributes(cart.Metadata)}").ToString();
    }

    private static string Conditions(IEnumerable<CartCondition> conditions) =>
        "[" + string.Join("; ", conditions.Select(c => $"{c.Name}/{c.Type}/{c.Target}/{c.Value}/{c.Order} {Attributes(c.Attributes)}")) + "]";

    private static string Attributes(IReadOnlyDictionary<string, JsonElement> values) =>
        "{" + string.Join(",", values.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{v.Key}:{Canonical(v.Value)}")) + "}";

    private static string Canonical(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "{" + string.Join(",", value.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => $"{p.Name}:{Canonical(p.Value)}")) + "}",
        JsonValueKind.Array => "[" + string.Join(",", value.EnumerateArray().Select(Canonical)) + "]",
        JsonValueKind.Number => value.GetDecimal().ToString("0.############", CultureInfo.InvariantCulture),
        _ => value.GetRawText(),
    };
}

/// <summary>A storage disagreed with the reference model.</summary>
public sealed class ModelMismatchException(string message) : Exception(message);
