namespace CartStorage.Reliability.Tests.Chaos;

/// <summary>
/// One operation of a client with all its attempts, as the checker sees it: acknowledged if an attempt was; otherwise
/// indeterminate if an attempt may have been applied; otherwise certainly not applied. Its interval runs from its first
/// invocation to its last completion.
/// </summary>
internal sealed record ChaosOperation(ChaosOp Op, IReadOnlyList<ChaosAttempt> Attempts)
{
    public ChaosOutcome Outcome =>
        Attempts.Any(a => a.Outcome == ChaosOutcome.Ok) ? ChaosOutcome.Ok
        : Attempts.Any(a => a.Outcome == ChaosOutcome.Indeterminate) ? ChaosOutcome.Indeterminate
        : ChaosOutcome.Failed;

    public bool MayHaveApplied => Outcome != ChaosOutcome.Failed;

    /// <summary>How many attempts may have been applied, each on its own if the store forgot the key between them.</summary>
    public int AttemptsThatMayHaveApplied => Attempts.Count(a => a.Outcome != ChaosOutcome.Failed);

    public long Invoke => Attempts[0].Invoke;

    public long Complete => Attempts[^1].Complete;

    /// <summary>
    /// Env <c>CART_CHAOS_STRICT=1</c>: an operation whose outcome is unknown took effect before its call returned, or never
    /// (a stronger promise than Jepsen's; RedisStorage does not keep it, see docs/reliability.md).
    /// </summary>
    public static bool Strict { get; } = Environment.GetEnvironmentVariable("CART_CHAOS_STRICT") == "1";

    /// <summary>
    /// Until when the operation may take effect: its completion, or, when its outcome is unknown, any time later (as
    /// Jepsen treats an indeterminate operation: it may still be in flight; RedisStorage finishes a move left pending by a
    /// failed call at the next operation of its source, however late), unless <see cref="Strict"/>.
    /// </summary>
    public long LatestEffect => Outcome == ChaosOutcome.Indeterminate && !Strict ? long.MaxValue : Complete;

    /// <summary>The items of an acknowledged checkout.</summary>
    public IReadOnlyList<ChaosItem>? Order => Attempts.FirstOrDefault(a => a.Outcome == ChaosOutcome.Ok)?.Order;

    public bool Overlaps(ChaosOperation other) => other.Invoke < Complete && other.LatestEffect > Invoke;

    /// <summary>Whether this operation, if applied, could delete what <paramref name="cart"/> holds (not by moving it to another cart).</summary>
    public bool CouldDestroy(ChaosCart cart) => MayHaveApplied && Op.Kind switch
    {
        ChaosOpKind.Forget => Op.Cart == cart,
        ChaosOpKind.ForgetIdentifier => Op.Cart.Identifier == cart.Identifier,
        ChaosOpKind.Swap => Op.TargetCart == cart,
        ChaosOpKind.Checkout => Outcome == ChaosOutcome.Indeterminate && Op.Cart == cart,
        _ => false,
    };

    /// <summary>Whether this operation, if applied, could take <paramref name="cart"/>'s contents (and the idempotency keys it remembers) away from it.</summary>
    public bool CouldEmpty(ChaosCart cart) =>
        CouldDestroy(cart) || (MayHaveApplied && ((Op.Kind is ChaosOpKind.Merge or ChaosOpKind.Swap && Op.Cart == cart) || (Op.Kind == ChaosOpKind.Checkout && Op.Cart == cart)));

    public bool IsMove => Op.Kind is ChaosOpKind.Merge or ChaosOpKind.Swap;

    /// <summary>Whether this operation concerns <paramref name="cart"/> (for history excerpts).</summary>
    public bool Touches(ChaosCart cart) =>
        Op.Cart == cart || Op.TargetCart == cart || (Op.Kind == ChaosOpKind.ForgetIdentifier && Op.Cart.Identifier == cart.Identifier);
}
