namespace CartStorage;

/// <summary>Moving a cart to another identifier: <see cref="ICartStorage.SwapIdentifierAsync"/> and <see cref="ICartStorage.MergeIdentifierAsync"/> (docs/merge.md).</summary>
public sealed partial class CacheStorage
{
    /// <inheritdoc />
    protected override async Task<bool> SwapCoreAsync(CartKey from, CartKey to, CancellationToken ct) =>
        await MoveAsync(from, to, (source, target) => (Stamp(target.Cart, source) with { Id = source.Id, CreatedAt = source.CreatedAt }, null), ct).ConfigureAwait(false) is not null;

    /// <inheritdoc />
    /// <remarks>
    /// Under both carts' locks (when locking is on): the target is written with the merged cart and a record of the
    /// source cart it absorbed (<see cref="AbsorbedSource"/>: its id, version and the quantities taken), then the source
    /// is removed. A merge interrupted between the two writes and called again finds that record: it only removes the
    /// source (the merge is not recomputed, so a limit the repeated merge would break cannot keep the source alive), or,
    /// if the source was written since, merges only what was added to it since. Nothing is added twice.
    /// </remarks>
    protected override async Task<CartSnapshot?> MergeCoreAsync(CartKey from, CartKey to, CartMergeStrategy strategy, CancellationToken ct)
    {
        var moved = await MoveAsync(from, to, (source, target) =>
        {
            var previous = AbsorbedSource.Parse(target.Absorbed);
            if (previous is null || previous.Id != source.Id)
            {
                return (Stamp(target.Cart, Merge(source, target.Cart, strategy)), AbsorbedSource.Of(source).Format());
            }

            if (previous.Covers(source))
            {
                return (null, null);
            }

            // Only AddQuantities is not idempotent: the others may see the whole source again.
            var remainder = strategy == CartMergeStrategy.AddQuantities ? previous.Remainder(source) : source;
            return (Stamp(target.Cart, Merge(remainder, target.Cart, strategy)), previous.Plus(source, previous.Remainder(source)).Format());
        }, ct).ConfigureAwait(false);
        return moved ?? await GetCoreAsync(to, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Under both locks: reads both carts, writes <paramref name="plan"/>'s cart over <paramref name="to"/> (with its
    /// <c>absorbed</c> record) unless the plan is <see langword="null"/> (the target already holds it), and removes
    /// <paramref name="from"/>; returns the target, or <see langword="null"/> when there is no source cart.
    /// </summary>
    private async Task<CartSnapshot?> MoveAsync(CartKey from, CartKey to, Func<CartSnapshot, TargetRead, (CartSnapshot? Next, string? Absorbed)> plan, CancellationToken ct)
    {
        // Both carts' locks, always in ordinal order of their resources, so two opposite moves cannot deadlock.
        var fromFirst = string.CompareOrdinal(keys.CartLock(from), keys.CartLock(to)) < 0;
        var firstHeld = await LockAsync(keys.CartLock(fromFirst ? from : to), ct).ConfigureAwait(false);
        await using var firstHeldRelease = firstHeld.ConfigureAwait(false);
        var secondHeld = await LockAsync(keys.CartLock(fromFirst ? to : from), ct).ConfigureAwait(false);
        await using var secondHeldRelease = secondHeld.ConfigureAwait(false);
        var (fromHeld, toHeld) = fromFirst ? (firstHeld, secondHeld) : (secondHeld, firstHeld);

        var source = await ReadAsync(from, ct).ConfigureAwait(false);
        if (source.Cart is null)
        {
            return null;
        }

        var target = await ReadAsync(to, ct).ConfigureAwait(false);
        var targetCart = target.Cart?.ToSnapshot() ?? CartSnapshot.Empty;
        var result = targetCart;
        var (next, absorbed) = plan(source.Cart.ToSnapshot(), new TargetRead(targetCart, target.Cart?.Absorbed));
        if (next is not null)
        {
            // The source must still be ours when it is copied and when it is removed (another writer may own it after a lost lease).
            EnsureHeld(fromHeld, from);
            result = await WriteAsync(to, target, next, toHeld, ct, absorbed).ConfigureAwait(false);
        }

        EnsureHeld(fromHeld, from);
        await cache.RemoveAsync(keys.Cart(from), ct).ConfigureAwait(false);
        await ChangeIndexAsync(from.Identifier, from.Instance, add: false, ct).ConfigureAwait(false);
        return result;
    }

    /// <summary>The target of a move as read: its cart (<see cref="CartSnapshot.Empty"/> when missing) and its <c>absorbed</c> record.</summary>
    private readonly record struct TargetRead(CartSnapshot Cart, string? Absorbed);
}
