namespace CartStorage;

/// <summary>The write of <see cref="CacheStorage"/>: the attempt under the cart's lock, and the entry and index it writes.</summary>
public sealed partial class CacheStorage
{
    /// <inheritdoc />
    /// <remarks>
    /// Takes the cart's lock (without locking, a no-op) and reads the cart under it; a half-done move of the cart is
    /// settled first, outside the lock. The write checks that the lock is still held right before it writes.
    /// </remarks>
    protected override async Task<CartWrite> BeginWriteAsync(CartKey key, CancellationToken ct)
    {
        while (true)
        {
            var held = await LockAsync(keys.CartLock(key), ct).ConfigureAwait(false);
            PendingMove? pending;
            try
            {
                var read = await ReadAsync(key, ct).ConfigureAwait(false);
                pending = await PendingAsync(key, read.Cart, removing: false, ct).ConfigureAwait(false);
                if (pending is null)
                {
                    return new LockedWrite(this, key, read, held);
                }
            }
            catch
            {
                await held.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            await held.DisposeAsync().ConfigureAwait(false);
            await SettleAsync(pending, ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Writes <paramref name="snapshot"/> over the cart <paramref name="read"/> with the move records given, by default
    /// the ones read (<see cref="MoveRecords.Kept"/>), and records the cart in the instance index when due.
    /// </summary>
    private async Task<CartSnapshot> WriteAsync(CartKey key, CartRead read, CartSnapshot snapshot, ICartLock held, CancellationToken ct, MoveRecords? records = null)
    {
        var now = TimeProvider.GetUtcNow();
        var indexedAt = read.Cart?.IndexedAt;

        // The index entry lives twice the TTL and is rewritten once a cart's record of it is older than half a TTL,
        // so it always outlives the carts it lists, at the cost of one extra write per cart per half TTL.
        var reindex = read.Cart is null || indexedAt is null || now - indexedAt.Value > ttl / 2;
        var moves = records ?? MoveRecords.Kept(read.Cart);
        var stored = StoredCart.Of(snapshot, moves.Absorbed);
        stored.MovedIn = moves.MovedIn is { Count: > 0 } ? moves.MovedIn : null;
        stored.MovingTo = moves.MovingTo;
        stored.Generation = read.Generation;
        stored.IndexedAt = reindex ? now : indexedAt;
        var bytes = serializer.SerializePooled(stored);

        EnsureHeld(held, key);
        if (reindex)
        {
            await ChangeIndexAsync(key.Identifier, key.Instance, add: true, ct).ConfigureAwait(false);
            EnsureHeld(held, key);
        }

        await cache.SetAsync(keys.Cart(key), bytes, cartEntry, ct).ConfigureAwait(false);

        // Only after a write that succeeded (see CartCacheGateway.SetAsync); otherwise the array is left to the GC.
        bytes.Dispose();
        return snapshot;
    }

    /// <summary>A write attempt under the cart's lock, which it releases when disposed.</summary>
    private sealed class LockedWrite(CacheStorage storage, CartKey key, CartRead read, ICartLock held) : CartWrite(read.Cart?.ToSnapshot())
    {
        public override async Task<bool> TryWriteAsync(CartSnapshot next, CancellationToken ct)
        {
            await storage.WriteAsync(key, read, next, held, ct).ConfigureAwait(false);
            return true;
        }

        public override async ValueTask DisposeAsync()
        {
            await held.DisposeAsync().ConfigureAwait(false);
            await base.DisposeAsync().ConfigureAwait(false);
        }
    }
}
