using System.Collections.Concurrent;

namespace CartStorage.Reliability.Tests.Chaos;

/// <summary>What a client of the chaos workload asks the storage to do.</summary>
internal enum ChaosOpKind
{
    Add,
    Change,
    Remove,
    Save,
    Checkout,
    Merge,
    Swap,
    Forget,
    ForgetIdentifier,
}

/// <summary>What the client was told about one attempt.</summary>
internal enum ChaosOutcome
{
    /// <summary>Acknowledged.</summary>
    Ok,

    /// <summary>Certainly not applied: a conflict, a rejected argument, or the library's own claim that nothing was written.</summary>
    Failed,

    /// <summary>May or may not have been applied: a store failure after something may have been sent, or a killed process.</summary>
    Indeterminate,
}

internal sealed record ChaosCart(string Identifier, string Instance)
{
    public override string ToString() => $"{Identifier}/{Instance}";
}

/// <summary>
/// One logical operation of a client: <see cref="Cart"/> is the cart it addresses (the source of a merge or swap, whose
/// target is <see cref="Target"/>'s identifier with the same instance); <see cref="Amount"/> is the quantity of an add or
/// save and the delta of a change. An add or save puts the fresh item <see cref="ItemId"/>, so its fate is traceable.
/// </summary>
internal sealed record ChaosOp(int Client, int Number, ChaosOpKind Kind, ChaosCart Cart, string? Target, string? ItemId, int Amount, string? Key)
{
    public ChaosCart? TargetCart => Target is null ? null : new ChaosCart(Target, Cart.Instance);

    public override string ToString() => Kind switch
    {
        ChaosOpKind.Add or ChaosOpKind.Save => $"c{Client}#{Number} {Kind} {Cart} item={ItemId} q={Amount}{KeyText}",
        ChaosOpKind.Change => $"c{Client}#{Number} {Kind} {Cart} item={ItemId} delta={Amount:+0;-0}{KeyText}",
        ChaosOpKind.Remove => $"c{Client}#{Number} {Kind} {Cart} item={ItemId}{KeyText}",
        ChaosOpKind.Merge or ChaosOpKind.Swap => $"c{Client}#{Number} {Kind} {Cart} -> {TargetCart}",
        ChaosOpKind.ForgetIdentifier => $"c{Client}#{Number} {Kind} {Cart.Identifier}",
        _ => $"c{Client}#{Number} {Kind} {Cart}",
    };

    private string KeyText => Key is null ? string.Empty : $" key={Key}";
}

/// <summary>
/// One attempt of an operation (a retry with the same idempotency key is a second attempt of the same operation):
/// logical times of invocation and completion from one clock shared by all clients, what the client was told, the
/// faults injected during it, and for an acknowledged checkout the items of the order (the snapshot read).
/// </summary>
internal sealed record ChaosAttempt(ChaosOp Op, int Number, long Invoke, long Complete, ChaosOutcome Outcome, string Detail, IReadOnlyList<ChaosItem>? Order = null)
{
    public override string ToString() => Describe(0);

    /// <summary>The attempt with its times in microseconds since <paramref name="origin"/> (a timestamp).</summary>
    public string Describe(long origin) =>
        $"[{Micros(Invoke - origin)}..{Micros(Complete - origin)} us] {Op}{(Number > 1 ? $" (attempt {Number})" : string.Empty)}: {Outcome}{(Detail.Length > 0 ? " " + Detail : string.Empty)}"
        + (Order is null ? string.Empty : $" order=[{string.Join(", ", Order)}]");

    private static long Micros(long ticks) => ticks * 1_000_000 / System.Diagnostics.Stopwatch.Frequency;
}

/// <summary>An item as the checker sees it: its id and quantity.</summary>
internal sealed record ChaosItem(string Id, int Quantity)
{
    public override string ToString() => $"{Id}x{Quantity}";
}

/// <summary>
/// The attempts of all clients of one history, with the clock they share: the machine's monotonic clock
/// (<see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>), the same in every process, so the histories of client
/// processes (<see cref="ChaosJournal"/>) line up with each other.
/// </summary>
internal sealed class ChaosHistory
{
    private readonly ConcurrentQueue<ChaosAttempt> attempts = new();

    public IReadOnlyList<ChaosAttempt> Attempts => [.. attempts.OrderBy(a => a.Invoke)];

    public static long Tick() => System.Diagnostics.Stopwatch.GetTimestamp();

    public void Record(ChaosAttempt attempt) => attempts.Enqueue(attempt);
}
