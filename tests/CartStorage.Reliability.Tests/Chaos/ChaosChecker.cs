namespace CartStorage.Reliability.Tests.Chaos;

/// <summary>
/// Checks the invariants of docs/reliability.md ("The history checker") on one recorded history and the carts read
/// after it, once quiescent. For each item put by an add or save it computes:
/// <list type="bullet">
/// <item><b>where it can be</b>: the cart it was put in, and every cart a merge or swap that may have applied could have
/// moved it to from a cart it could already be in, with the earliest logical time it could get there. An operation may
/// take effect between its invocation and its completion, and one whose outcome is unknown at any time after its
/// invocation (<see cref="ChaosOperation.LatestEffect"/>);</item>
/// <item><b>whether it may be gone</b> (excused): a remove or a negative change of the item that may have applied, or,
/// in a cart where it could be by then, a forget, a forget of the identifier, a swap replacing that cart, or a checkout
/// whose outcome is unknown;</item>
/// <item><b>its allowed multiplicity</b> m: 1, or, for a keyed add retried while another operation may have emptied its
/// cart (the store forgets the key with the cart), the number of its attempts that may have applied.</item>
/// </list>
/// Then: (a) an acknowledged add is in 1 to m places (live carts and acknowledged checkouts), at most m when excused; an
/// indeterminate one in at most m; one certainly not applied in none. (b) With m = 1, an item in an acknowledged
/// checkout is in no other place. (c) Its quantity is at most q·m plus the positive deltas of changes that may have
/// applied (each keyed change once), and, in a live cart with m = 1, at least q plus the acknowledged positive deltas
/// plus every negative delta that may have applied. (d) Every item found was written by a client, in a cart it could have
/// reached. Any exception other than the documented ones is a violation too.
/// </summary>
internal static class ChaosChecker
{
    private const int ExcerptLines = 40;

    /// <summary>The violations, and how many acknowledged items had to be in exactly one place (no operation could have removed them).</summary>
    public static (IReadOnlyList<string> Violations, int StrictItems) Check(IReadOnlyList<ChaosAttempt> attempts, IReadOnlyDictionary<ChaosCart, IReadOnlyList<ChaosItem>> finals)
    {
        var operations = attempts.GroupBy(a => (a.Op.Client, a.Op.Number))
            .Select(g => new ChaosOperation(g.First().Op, [.. g.OrderBy(a => a.Number)]))
            .OrderBy(o => o.Invoke)
            .ToList();
        var violations = new List<string>();
        foreach (var attempt in attempts.Where(a => a.Detail.StartsWith("UNEXPECTED", StringComparison.Ordinal)))
        {
            violations.Add($"unexpected exception: {attempt.Describe(operations[0].Invoke)}");
        }

        var places = Places(operations, finals);
        var puts = operations.Where(o => o.Op.Kind is ChaosOpKind.Add or ChaosOpKind.Save).ToDictionary(o => o.Op.ItemId!);
        foreach (var (item, found) in places.Where(p => !puts.ContainsKey(p.Key)))
        {
            violations.Add($"(d) item {item} appeared that no client wrote, in {string.Join(", ", found.Select(f => f.Where))}");
        }

        var strict = 0;
        foreach (var put in puts.Values)
        {
            if (CheckItem(put, operations, places.GetValueOrDefault(put.Op.ItemId!, []), ref strict) is { } violation)
            {
                violations.Add(violation + Environment.NewLine + Excerpt(put, operations, finals));
            }
        }

        return (violations, strict);
    }

    private static string? CheckItem(ChaosOperation put, IReadOnlyList<ChaosOperation> operations, IReadOnlyList<Place> found, ref int strict)
    {
        var item = put.Op.ItemId!;
        var reach = Reach(put, operations);
        var itemOps = operations.Where(o => o.Op.ItemId == item && o.Op.Kind is ChaosOpKind.Change or ChaosOpKind.Remove).ToList();
        var excused = itemOps.Any(o => o.MayHaveApplied && (o.Op.Kind == ChaosOpKind.Remove || o.Op.Amount < 0))
            || operations.Any(d => reach.Any(r => d.CouldDestroy(r.Key) && r.Value < d.LatestEffect));
        var m = put.Op.Key is not null && operations.Any(o => o != put && o.Overlaps(put) && o.CouldEmpty(put.Op.Cart))
            ? Math.Max(1, put.AttemptsThatMayHaveApplied)
            : 1;
        strict += put.Outcome == ChaosOutcome.Ok && !excused && m == 1 ? 1 : 0;
        var what = $"{put.Op} ({put.Outcome}, m={m}{(excused ? ", may have been removed" : string.Empty)})";
        var where = found.Count == 0 ? "nowhere" : string.Join(", ", found.Select(f => $"{f.Where} x{f.Quantity}"));

        foreach (var place in found.Where(p => !reach.TryGetValue(p.Cart, out var at) || at >= p.Before))
        {
            return $"(d) {what} found in {place.Where}, where no recorded operation could have put it (found: {where})";
        }

        switch (put.Outcome)
        {
            case ChaosOutcome.Failed when found.Count > 0:
                return $"(a) {what}: the library said it was not applied, yet it is in {where}";
            case ChaosOutcome.Ok when found.Count == 0 && !excused:
                return $"(a) acknowledged {what} is lost: in no cart and no acknowledged checkout";
            case not ChaosOutcome.Failed when found.Count > m:
                return found.Any(f => f.IsOrder) && m == 1
                    ? $"(b) ordered item came back: {what} is in {where}"
                    : $"(a) {what} is in {found.Count} places: {where}";
        }

        var positive = itemOps.Where(o => o.Op.Kind == ChaosOpKind.Change && o.Op.Amount > 0).ToList();
        var upper = (put.Op.Amount * m) + positive.Where(o => o.MayHaveApplied).Sum(o => o.Op.Amount);
        if (found.FirstOrDefault(f => f.Quantity > upper || f.Quantity < 1) is { } tooMany)
        {
            return $"(c) {what}: quantity {tooMany.Quantity} in {tooMany.Where} is beyond what the history allows ({upper}): a write applied twice";
        }

        var lower = put.Op.Amount + positive.Where(o => o.Outcome == ChaosOutcome.Ok).Sum(o => o.Op.Amount)
            + itemOps.Where(o => o.Op.Kind == ChaosOpKind.Change && o.Op.Amount < 0 && o.MayHaveApplied).Sum(o => o.Op.Amount);
        return m == 1 && found is [{ IsOrder: false } live] && live.Quantity < lower && !itemOps.Any(o => o.Op.Kind == ChaosOpKind.Remove && o.MayHaveApplied)
            ? $"(c) {what}: quantity {live.Quantity} in {live.Where} is below what the acknowledged changes add up to ({lower}): a change was lost"
            : null;
    }

    /// <summary>The carts the item of <paramref name="put"/> could be in, each with the earliest logical time it could be there.</summary>
    private static Dictionary<ChaosCart, long> Reach(ChaosOperation put, IReadOnlyList<ChaosOperation> operations)
    {
        var reach = new Dictionary<ChaosCart, long> { [put.Op.Cart] = put.Invoke };
        var moves = operations.Where(o => o.IsMove && o.MayHaveApplied).ToList();
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var move in moves)
            {
                if (reach.TryGetValue(move.Op.Cart, out var at) && at < move.LatestEffect)
                {
                    var arrives = Math.Max(at, move.Invoke);
                    if (!reach.TryGetValue(move.Op.TargetCart!, out var known) || arrives < known)
                    {
                        reach[move.Op.TargetCart!] = arrives;
                        changed = true;
                    }
                }
            }
        }

        return reach;
    }

    /// <summary>Where each item id is at the end: live carts (read after the run, <see cref="long.MaxValue"/>) and acknowledged checkouts.</summary>
    private static Dictionary<string, List<Place>> Places(IReadOnlyList<ChaosOperation> operations, IReadOnlyDictionary<ChaosCart, IReadOnlyList<ChaosItem>> finals)
    {
        var places = new Dictionary<string, List<Place>>();
        void Add(ChaosItem item, Place place)
        {
            if (!places.TryGetValue(item.Id, out var list))
            {
                places[item.Id] = list = [];
            }

            list.Add(place with { Quantity = item.Quantity });
        }

        foreach (var (cart, items) in finals)
        {
            foreach (var item in items)
            {
                Add(item, new Place($"cart {cart}", cart, long.MaxValue, false, 0));
            }
        }

        foreach (var checkout in operations.Where(o => o.Order is not null))
        {
            foreach (var item in checkout.Order!)
            {
                Add(item, new Place($"order of c{checkout.Op.Client}#{checkout.Op.Number}", checkout.Op.Cart, checkout.Complete, true, 0));
            }
        }

        return places;
    }

    /// <summary>The attempts that concern the item or a cart it could be in, and those carts at the end.</summary>
    private static string Excerpt(ChaosOperation put, IReadOnlyList<ChaosOperation> operations, IReadOnlyDictionary<ChaosCart, IReadOnlyList<ChaosItem>> finals)
    {
        var carts = Reach(put, operations).Keys.ToList();
        var lines = operations.Where(o => o.Op.ItemId == put.Op.ItemId || carts.Any(o.Touches))
            .SelectMany(o => o.Attempts).OrderBy(a => a.Invoke).Select(a => "    " + a.Describe(operations[0].Invoke)).ToList();
        var shown = lines.Count > ExcerptLines ? [.. lines.Take(ExcerptLines), $"    ... {lines.Count - ExcerptLines} more"] : lines;
        var ends = carts.Select(c => $"{c}=[{string.Join(", ", finals.GetValueOrDefault(c, []))}]");
        return $"  history excerpt (attempts concerning the item or a cart it could be in):{Environment.NewLine}{string.Join(Environment.NewLine, shown)}{Environment.NewLine}  at the end: {string.Join(" ", ends)}";
    }

    /// <summary>A place an item was found: a live cart at the end, or the order of an acknowledged checkout (its cart, completed at <see cref="Before"/>).</summary>
    private sealed record Place(string Where, ChaosCart Cart, long Before, bool IsOrder, int Quantity);
}
