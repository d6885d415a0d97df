namespace CartStorage;

/// <summary>
/// Moves left half done by a process that died between two of a move's cache writes (docs/merge.md): the source's
/// entry carries the move (<c>movingTo</c>) from before the target is written until the source is removed, and the
/// target's entry carries the same marker (<c>movedIn</c>) from the target's write. Whether the move happened is
/// decided by the target holding the marker: a target loses it only after its source has lost it (removed, or rolled
/// back), because every operation that would remove the target's entry settles its sources first.
/// </summary>
public sealed partial class CacheStorage
{
    /// <summary>
    /// Runs <paramref name="attempt"/> (under its own locks) until it finds no half-done move in its way; each one it
    /// reports is settled (<see cref="SettleAsync"/>, under both carts' locks, the attempt's released) before the next try.
    /// </summary>
    private async Task<T> SettlingAsync<TState, T>(TState state, Func<CacheStorage, TState, CancellationToken, Task<Attempt<T>>> attempt, CancellationToken ct)
    {
        while (true)
        {
            var (result, pending) = await attempt(this, state, ct).ConfigureAwait(false);
            if (pending is null)
            {
                return result;
            }

            await SettleAsync(pending, ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The half-done move a write of <paramref name="key"/> (just read as <paramref name="cart"/>) must settle first: the
    /// cart's own move out, and, when the write removes the cart (<paramref name="removing"/>), a move into it whose
    /// source still carries the marker (the marker would go with the cart, and the source would be rolled back).
    /// </summary>
    private async ValueTask<PendingMove?> PendingAsync(CartKey key, StoredCart? cart, bool removing, CancellationToken ct)
    {
        if (cart?.MovingTo is { } moving)
        {
            return new PendingMove(key, moving.Other(), moving.Marker);
        }

        if (removing && cart?.MovedIn is { } movedIn)
        {
            foreach (var move in movedIn)
            {
                if (await IsMovingAsync(move, ct).ConfigureAwait(false))
                {
                    return new PendingMove(move.Other(), key, move.Marker);
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Under both carts' locks: if the source still carries the move, finishes it when the target holds the marker (the
    /// source is removed) or rolls it back when it does not (the source is written again without the move).
    /// </summary>
    private async Task SettleAsync(PendingMove move, CancellationToken ct)
    {
        var held = await LockBothAsync(move.From, move.To, ct).ConfigureAwait(false);
        await using var release = held.ConfigureAwait(false);
        var source = await ReadAsync(move.From, ct).ConfigureAwait(false);
        if (source.Cart?.MovingTo?.Marker != move.Marker)
        {
            return;
        }

        var finished = await HoldsAsync(move.To, move.Marker, ct).ConfigureAwait(false);
        if (finished)
        {
            await RemoveMovedAsync(move.From, held.From, ct).ConfigureAwait(false);
        }
        else
        {
            await WriteAsync(move.From, source, source.Cart.ToSnapshot(), held.From, ct).ConfigureAwait(false);
        }

        Log.MoveSettled(logger, finished ? "finished" : "rolled back");
    }

    /// <summary>
    /// The cart as a read sees it: a cart in the middle of a move is missing once its target holds the marker, else it
    /// is read as it is (the move, if it goes on, happens after this read). No lock, no write.
    /// </summary>
    private async Task<StoredCart?> ReadSettledAsync(CartKey key, CancellationToken ct)
    {
        var cart = (await ReadAsync(key, ct).ConfigureAwait(false)).Cart;
        while (cart?.MovingTo is { } moving)
        {
            if (await HoldsAsync(moving.Other(), moving.Marker, ct).ConfigureAwait(false))
            {
                return null;
            }

            // The target did not hold the marker while the source carried it (read again): the move had not happened then.
            var again = (await ReadAsync(key, ct).ConfigureAwait(false)).Cart;
            if (again?.MovingTo?.Marker == moving.Marker)
            {
                return again;
            }

            cart = again;
        }

        return cart;
    }

    /// <summary>The target's <c>movedIn</c> records whose source still carries the marker; the others are done and dropped.</summary>
    private async Task<List<StoredMove>> LiveMovesAsync(StoredCart? target, CancellationToken ct)
    {
        var live = new List<StoredMove>();
        foreach (var move in target?.MovedIn ?? [])
        {
            if (await IsMovingAsync(move, ct).ConfigureAwait(false))
            {
                live.Add(move);
            }
        }

        return live;
    }

    /// <summary>Whether the source <paramref name="movedIn"/> names still carries its marker.</summary>
    private async Task<bool> IsMovingAsync(StoredMove movedIn, CancellationToken ct) =>
        (await ReadAsync(movedIn.Other(), ct).ConfigureAwait(false)).Cart?.MovingTo?.Marker == movedIn.Marker;

    /// <summary>Whether the target holds the move's marker: the move's write of the target happened.</summary>
    private async Task<bool> HoldsAsync(CartKey target, Guid marker, CancellationToken ct) =>
        (await ReadAsync(target, ct).ConfigureAwait(false)).Cart?.MovedIn?.Any(m => m.Marker == marker) == true;

    /// <summary>A move found half done: <see cref="From"/> carries the move to <see cref="To"/> under <see cref="Marker"/>.</summary>
    private sealed record PendingMove(CartKey From, CartKey To, Guid Marker);

    /// <summary>An attempt's result, or the half-done move that stopped it.</summary>
    private readonly record struct Attempt<T>(T Result, PendingMove? Pending);

    /// <summary>What a cart entry records of moves beside the cart.</summary>
    private readonly record struct MoveRecords(string? Absorbed, IReadOnlyList<StoredMove>? MovedIn, StoredMove? MovingTo)
    {
        /// <summary>The records a plain write keeps: all but a move out, which every write settles before it writes.</summary>
        public static MoveRecords Kept(StoredCart? cart) => new(cart?.Absorbed, cart?.MovedIn, null);
    }
}
