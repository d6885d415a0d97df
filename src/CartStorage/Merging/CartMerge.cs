using System.Text.Json;

namespace CartStorage;

/// <summary>The merge rules of <see cref="ICartStorage.MergeIdentifierAsync"/>: a pure function of the two carts.</summary>
internal static class CartMerge
{
    /// <summary>
    /// Items match by id: a matched item keeps the target's fields with the quantity <paramref name="strategy"/>
    /// decides; items only in the source are appended in the source's order. Conditions (by name) and metadata (by key)
    /// are united, the target winning a clash, or the source for <see cref="CartMergeStrategy.ReplaceWithSource"/>.
    /// Version, id and timestamps are the target's.
    /// </summary>
    public static CartSnapshot Combine(CartSnapshot source, CartSnapshot target, CartMergeStrategy strategy)
    {
        var sourceWins = strategy == CartMergeStrategy.ReplaceWithSource;
        var items = new List<CartItem>(target.Items.Count + source.Items.Count);

        // Pairs are formed in order, so a cart holding one id twice (allowed) loses no line: each target line takes the
        // next unmatched source line with its id, and the unmatched source lines are appended.
        var unmatched = new Dictionary<string, Queue<int>>(StringComparer.Ordinal);
        for (var i = 0; i < source.Items.Count; i++)
        {
            if (!unmatched.TryGetValue(source.Items[i].Id, out var lines))
            {
                unmatched[source.Items[i].Id] = lines = new Queue<int>();
            }

            lines.Enqueue(i);
        }

        var matched = new bool[source.Items.Count];
        foreach (var item in target.Items)
        {
            if (unmatched.TryGetValue(item.Id, out var lines) && lines.TryDequeue(out var other))
            {
                matched[other] = true;
                items.Add(item with { Quantity = Quantity(item.Quantity, source.Items[other].Quantity, strategy) });
            }
            else
            {
                items.Add(item);
            }
        }

        items.AddRange(source.Items.Where((_, i) => !matched[i]));

        var conditions = new List<CartCondition>(target.Conditions.Count + source.Conditions.Count);
        var (first, second) = sourceWins ? (source.Conditions, target.Conditions) : (target.Conditions, source.Conditions);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var condition in first.Concat(second))
        {
            if (names.Add(condition.Name))
            {
                conditions.Add(condition);
            }
        }

        var metadata = new Dictionary<string, JsonElement>(sourceWins ? target.Metadata : source.Metadata, StringComparer.Ordinal);
        foreach (var (key, value) in sourceWins ? source.Metadata : target.Metadata)
        {
            metadata[key] = value;
        }

        return target with { Items = items, Conditions = conditions, Metadata = metadata };
    }

    private static int Quantity(int target, int source, CartMergeStrategy strategy) => strategy switch
    {
        CartMergeStrategy.AddQuantities => (int)Math.Min((long)target + source, int.MaxValue),
        CartMergeStrategy.KeepHighestQuantity => Math.Max(target, source),
        CartMergeStrategy.KeepTarget => target,
        _ => source,
    };
}
