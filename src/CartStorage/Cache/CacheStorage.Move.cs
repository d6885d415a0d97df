namespace CartStorage;

/// <summary>Moving a cart to another identifier: <see cref="ICartStorage.SwapIdentifierAsync"/> and <see cref="ICartStorage.MergeIdentifierAsync"/> (docs/merge.md).</summary>
public sealed partial class CacheStorage
{
    /// <inheritdoc />
    /// <remarks>Returns <see langword="false"/> when there is no source, also when an interrupted swap called again finds the source already moved.</remarks>
    protected override async Task<bool> SwapCoreAsync(CartKey from, CartKey to, CancellationToken ct) =>
        await MoveAsync(from, to, (source, target) => (StampSwap(source, target.Cart), null), ct).ConfigureAwait(false) is not null;

    /// <inheritdoc />
    /// <remarks>
    /// Under both carts' locks (when locking is on): the source's entry is marked as moving to the target under a new
    /// marker, the target is written with the merged cart and the marker, then the source is removed. A move left half
    /// done is settled before the source (or the target, if it is to be removed) is used again: finished when the
    /// target holds the marker, rolled back when it does not (docs/merge.md). A target written by a version of this
    /// library before the marker (<see cref="AbsorbedSource"/>: the source's id, version and the quantities taken) is
    /// still recognised: the source it names is not merged twice.
    /// </remarks>
    protected override async Task<CartSnapshot?> MergeCoreAsync(CartKey from, CartKey to, CartMergeStrategy strategy, CancellationToken ct)
    {
        var moved = await MoveAsync(from, to, (source, target) =>
        {
            var previous = AbsorbedSource.Parse(target.Absorbed);
            if (previous is null || previous.Id != source.Id)
            {
                return (StampMerge(source, target.Cart, strategy), null);
            }

            if (previous.Covers(source))
            {
                return (null, null);
            }

            // Only AddQuantities is not idempotent: the others may see the whole source again.
            var remainder = strategy == CartMergeStrategy.AddQuantities ? previous.Remainder(source) : source;
            return (StampMerge(remainder, target.Cart, strategy), previous.Plus(source, previous.Remainder(source)).Format());
        }, ct).ConfigureAwait(false);
        return moved ?? await GetCoreAsync(to, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Under both locks, with no half-done move in the way (<see cref="SettlingAsync"/>): reads both carts, marks the
    /// source as moving, writes <paramref name="plan"/>'s cart over <paramref name="to"/> with the marker unless the plan
    /// is <see langword="null"/> (a target of a former version already holds it), and removes <paramref name="from"/>;
    /// returns the target, or <see langword="null"/> when there is no source cart.
    /// </summary>
    private Task<CartSnapshot?> MoveAsync(CartKey from, CartKey to, Func<CartSnapshot, TargetRead, (CartSnapshot? Next, string? Absorbed)> plan, CancellationToken ct) =>
        SettlingAsync((from, to, plan), static (self, s, ct) => self.TryMoveAsync(s.from, s.to, s.plan, ct), ct);

    private async Task<Attempt<CartSnapshot?>> TryMoveAsync(CartKey from, CartKey to, Func<CartSnapshot, TargetRead, (CartSnapshot? Next, string? Absorbed)> plan, CancellationToken ct)
    {
        var held = await LockBothAsync(from, to, ct).ConfigureAwait(false);
        await using var release = held.ConfigureAwait(false);
        var source = await ReadAsync(from, ct).ConfigureAwait(false);
        if (source.Cart is null)
        {
            return new(null, null);
        }

        var target = await ReadAsync(to, ct).ConfigureAwait(false);
        var pending = await PendingAsync(from, source.Cart, removing: true, ct).ConfigureAwait(false)
            ?? await PendingAsync(to, target.Cart, removing: false, ct).ConfigureAwait(false);
        if (pending is not null)
        {
            return new(null, pending);
        }

        var targetCart = target.Cart?.ToSnapshot() ?? CartSnapshot.Empty;
        var result = targetCart;
        var (next, absorbed) = plan(source.Cart.ToSnapshot(), new TargetRead(targetCart, target.Cart?.Absorbed));
        if (next is not null)
        {
            // The source records the move before the target is written: from here on, whether the move happened is
            // whether the target holds the marker, and a call that finds the source so settles it first.
            var marker = Guid.NewGuid();
            EnsureHeld(held.From, from);
            await WriteAsync(from, source, source.Cart.ToSnapshot(), held.From, ct, MoveRecords.Kept(source.Cart) with { MovingTo = StoredMove.Of(marker, to) }).ConfigureAwait(false);

            // The source must still be ours when it is copied and when it is removed (another writer may own it after a lost lease).
            EnsureHeld(held.From, from);
            var movedIn = await LiveMovesAsync(target.Cart, ct).ConfigureAwait(false);
            movedIn.Add(StoredMove.Of(marker, from));
            result = await WriteAsync(to, target, next, held.To, ct, new MoveRecords(absorbed ?? target.Cart?.Absorbed, movedIn, null)).ConfigureAwait(false);
        }

        await RemoveMovedAsync(from, held.From, ct).ConfigureAwait(false);
        return new(result, null);
    }

    /// <summary>Removes a moved source and its instance from its identifier's index.</summary>
    private async Task RemoveMovedAsync(CartKey from, ICartLock held, CancellationToken ct)
    {
        EnsureHeld(held, from);
        await cache.RemoveAsync(keys.Cart(from), ct).ConfigureAwait(false);
        await ChangeIndexAsync(from.Identifier, from.Instance, add: false, ct).ConfigureAwait(false);
    }

    /// <summary>Both carts' locks, always in ordinal order of their resources, so two opposite moves cannot deadlock.</summary>
    private async Task<LockPair> LockBothAsync(CartKey from, CartKey to, CancellationToken ct)
    {
        var fromFirst = string.CompareOrdinal(keys.CartLock(from), keys.CartLock(to)) < 0;
        var first = await LockAsync(keys.CartLock(fromFirst ? from : to), ct).ConfigureAwait(false);
        try
        {
            var second = await LockAsync(keys.CartLock(fromFirst ? to : from), ct).ConfigureAwait(false);
            return new LockPair(first, second, fromFirst);
        }
        catch
        {
            await first.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The target of a move as read: its cart (<see cref="CartSnapshot.Empty"/> when missing) and its former <c>absorbed</c> record.</summary>
    private readonly record struct TargetRead(CartSnapshot Cart, string? Absorbed);

    /// <summary>The two locks of a move, released in the reverse order of their acquisition.</summary>
    private sealed class LockPair(ICartLock first, ICartLock second, bool fromFirst) : IAsyncDisposable
    {
        public ICartLock From => fromFirst ? first : second;

        public ICartLock To => fromFirst ? second : first;

        public async ValueTask DisposeAsync()
        {
            try
            {
                await second.DisposeAsync().ConfigureAwait(false);
            }
            finally
            {
                await first.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
