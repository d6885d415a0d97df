namespace CartStorage.Redis;

/// <summary>
/// Swaps and merges. The source and the target usually live in different hash slots (different cluster nodes), so no
/// one script can change both; a move is three scripts, each atomic on its own node:
/// <list type="number">
/// <item><b>Claim</b> (source slot): if the source is still at the version read, rename it to its pending key, which
/// records a marker unique to this move (the source cart's id and version and a random move id), the target identifier
/// and the mode. From now on no writer can change what is being moved.</item>
/// <item><b>Write the target</b> (target slot): the combined cart, if the target is still at the version read, and in
/// the same script the record that the target absorbed this marker (<see cref="RedisCartKeys.Absorbed"/>, a key of its
/// own that lives <c>Cart:Redis:Ttl</c>, so a checkout, expiry or other merges of the target do not erase it). Lost
/// race: re-read the target and combine again.</item>
/// <item><b>Remove the claim</b> (source slot), if it is still the one with this marker.</item>
/// </list>
/// A move interrupted after step 1 (crash, timeout, conflicts beyond the retry budget) leaves the pending key, listed in
/// the identifier's pending index; the next swap, merge, read or write of the source, and the next
/// <see cref="ICartStorage.GetInstancesAsync"/> or <see cref="ICartStorage.ForgetIdentifierAsync"/> of its identifier,
/// finishes it first, and the record makes step 2 run at most once. A swap replaces its target, so it is finished only
/// onto the target its claim saw (the claim records the target's id and version): when the target changed since, the
/// swap is rolled back instead (the source put back, if its place is still free) and its mover, if still running, tries
/// again. A swap that failed after its claim therefore never replaces a cart written after it returned.
/// </summary>
public sealed partial class RedisStorage
{
    /// <summary>How many absorbed sources a cart document lists (its last ones), read beside the record keys by processes of earlier versions.</summary>
    private const int RememberedMoves = 8;

    private const string SwapMode = "swap";

    /// <inheritdoc />
    protected override async Task<bool> SwapCoreAsync(CartKey from, CartKey to, CancellationToken ct) =>
        await MoveAsync(from, to, SwapMode, CartOperation.Swap, ct).ConfigureAwait(false) is { Moved: true };

    /// <inheritdoc />
    protected override async Task<CartSnapshot?> MergeCoreAsync(CartKey from, CartKey to, CartMergeStrategy strategy, CancellationToken ct) =>
        (await MoveAsync(from, to, strategy.ToString(), CartOperation.Merge, ct).ConfigureAwait(false)).Cart
        ?? await GetCoreAsync(to, ct).ConfigureAwait(false);

    /// <summary>
    /// Moves <paramref name="from"/> into <paramref name="to"/>: whether a move of <paramref name="from"/> into
    /// <paramref name="to"/> happened (this one, or an earlier one it finished), and the target as that move left it
    /// (<see langword="null"/> when it was not read: the caller reads it).
    /// </summary>
    private async Task<(bool Moved, CartSnapshot? Cart)> MoveAsync(CartKey from, CartKey to, string mode, CartOperation operation, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            // An earlier move of this source that did not finish goes first, to the target it recorded.
            var finished = await FinishAsync(from, ct).ConfigureAwait(false);
            var source = await ReadAsync(from, ct).ConfigureAwait(false);
            if (source is null)
            {
                return finished is { RolledBack: false } f && f.Target == to.Identifier ? (true, f.Cart) : (false, null);
            }

            // Limits are checked before anything changes: a merge that cannot fit leaves both carts as they are.
            var target = await ReadAsync(to, ct).ConfigureAwait(false);
            _ = Combine(mode, source, target, from);
            // Unique per move, not only per source cart: a swap gives the target the source's id, so the same id and
            // version can be moved into the same target twice (a swap there and back again), and must not be taken as done.
            var marker = $"{source.Id:N}:{source.Version}:{Guid.NewGuid():N}";
            var claim = await store.ClaimAsync(from, source.ToSnapshot(), marker, to.Identifier, mode, AsRead(target), ct).ConfigureAwait(false);
            if (claim.Outcome == RedisCartOutcome.Done)
            {
                var done = await FinishAsync(from, ct).ConfigureAwait(false);
                if (done is { } d && d.Marker == marker)
                {
                    if (!d.RolledBack)
                    {
                        return (true, d.Cart);
                    }
                }
                else if (await FinishedByOtherAsync(to, marker, ct).ConfigureAwait(false))
                {
                    return (true, null);
                }
            }

            await BackoffAsync(operation, from, attempt, source.ToSnapshot(), ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Finishes the pending move of <paramref name="from"/> before a read or write of it goes on. A merge whose target no
    /// longer has room gives the source back when its place is free (<see cref="CartLimitExceededException"/> is the
    /// merge's to report, not the reader's).
    /// </summary>
    private async Task SettleAsync(CartKey from, CancellationToken ct)
    {
        try
        {
            await FinishAsync(from, ct).ConfigureAwait(false);
        }
        catch (CartLimitExceededException)
        {
            // Logged by FinishAsync; the source is back in place, or a newer cart holds it and the move stays pending.
        }
    }

    /// <summary>Finishes the pending moves of <paramref name="identifier"/>'s <paramref name="instances"/>, one after the other, as <see cref="SettleAsync"/> does.</summary>
    private async Task SettleAllAsync(string identifier, IReadOnlyList<string> instances, CancellationToken ct)
    {
        foreach (var instance in instances)
        {
            await SettleAsync(new CartKey(identifier, instance), ct).ConfigureAwait(false);
        }
    }

    /// <summary>Steps 2 and 3 of the pending move of <paramref name="from"/>, if there is one.</summary>
    private async Task<FinishedMove?> FinishAsync(CartKey from, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (await store.ReadPendingAsync(from, ct).ConfigureAwait(false) is not { } pending)
            {
                return null;
            }

            var operation = pending.Mode == SwapMode ? CartOperation.Swap : CartOperation.Merge;
            var source = Decode(from, pending.Cart);
            var to = new CartKey(pending.Target, from.Instance);
            var (entry, recorded) = await store.ReadTargetAsync(to, pending.Marker, ct).ConfigureAwait(false);
            var target = entry is null ? null : Decode(to, entry);
            var absorbed = target?.Absorbed?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
            CartSnapshot? result;
            if (recorded || absorbed.Contains(pending.Marker, StringComparer.Ordinal))
            {
                // Step 2 was done before; the target may have been checked out, have expired or changed since.
                result = target?.ToSnapshot();
            }
            else if (pending.Mode == SwapMode && pending.TargetAsRead is { } seen && seen != AsRead(target)
                && (await store.RestoreAsync(from, pending.Marker, ct).ConfigureAwait(false)).Outcome is var restored
                && restored != RedisCartOutcome.PendingMove)
            {
                // A swap replaces its target: onto a target written since the claim (perhaps after the swap returned a
                // failure) it would drop that write. Restored: the source is back, and the mover, if still running,
                // tries again. No such move any more: another caller settled it (rolled back, or finished onto the
                // target it recorded), so it is read again. Only when a new cart took the source's place does the
                // swap go on, as before.
                if (restored == RedisCartOutcome.Done)
                {
                    return new FinishedMove(pending.Marker, pending.Target, null, RolledBack: true);
                }

                continue;
            }
            else
            {
                CartSnapshot next;
                try
                {
                    next = Combine(pending.Mode, source, target, from);
                }
                catch (CartLimitExceededException e)
                {
                    // The target grew since the limits were checked: give the source back if its place is still free.
                    await store.RestoreAsync(from, pending.Marker, ct).ConfigureAwait(false);
                    Log.MovePending(logger, from.Instance, e.Message);
                    throw;
                }

                var marks = string.Join(' ', absorbed.Append(pending.Marker).TakeLast(RememberedMoves));
                var expected = target?.ToSnapshot() ?? CartSnapshot.Empty;
                var write = await store.WriteAsync(to, expected, next.Id, Serialize(next, marks), pending.Marker, pending.Mode == SwapMode ? null : checkedLimits, ct).ConfigureAwait(false);
                if (write.Outcome != RedisCartOutcome.Done)
                {
                    await BackoffAsync(operation, to, attempt, expected, ct).ConfigureAwait(false);
                    continue;
                }

                result = next;
            }

            // Durability before destruction: the source goes only once the target is as durable as Cart:Redis:Durability asks.
            if (durability.Waits && !await store.WaitDurableAsync(to, durability, ct).ConfigureAwait(false))
            {
                throw new CartStorageUnavailableException(
                    $"The target cart (instance '{to.Instance}') of the move was written but did not reach Cart:Redis:Durability ({durability.Replicas} replica(s){(durability.Fsync ? ", fsynced" : string.Empty)}) within {durability.Timeout}; the source cart was kept, and the next swap or merge from it finishes the move.",
                    to.Identifier,
                    to.Instance);
            }

            await store.DeletePendingAsync(from, pending.Marker, ct).ConfigureAwait(false);
            return new FinishedMove(pending.Marker, pending.Target, result);
        }
    }

    /// <summary>The target's next cart: the source's contents (swap) or the merge of both, stamped as the target's next version.</summary>
    private CartSnapshot Combine(string mode, RedisCart source, RedisCart? target, CartKey from)
    {
        var sourceCart = source.ToSnapshot();
        var targetCart = target?.ToSnapshot() ?? CartSnapshot.Empty;
        if (mode == SwapMode)
        {
            return StampSwap(sourceCart, targetCart);
        }

        return Enum.TryParse<CartMergeStrategy>(mode, ignoreCase: false, out var strategy) && Enum.IsDefined(strategy)
            ? StampMerge(sourceCart, targetCart, strategy)
            : throw new CartDataCorruptedException(from.Identifier, from.Instance, $"a pending move has an unknown mode '{mode}'.");
    }

    /// <summary>The target as a claim records it: id and version, or <c>0</c> for no cart.</summary>
    private static string AsRead(RedisCart? target) => target is null ? "0" : $"{target.Id:N}:{target.Version}";

    /// <summary>
    /// Whether the move <paramref name="marker"/>, whose claim someone else settled, reached its target (the target's
    /// record of the marker, or its document's list) rather than being rolled back.
    /// </summary>
    private async Task<bool> FinishedByOtherAsync(CartKey to, string marker, CancellationToken ct)
    {
        var (entry, recorded) = await store.ReadTargetAsync(to, marker, ct).ConfigureAwait(false);
        return recorded || (entry is not null && (Decode(to, entry).Absorbed?.Split(' ').Contains(marker, StringComparer.Ordinal) ?? false));
    }

    /// <summary>
    /// A move settled: its marker, its target identifier and the target as that move left it (<see langword="null"/> when
    /// it was gone since, or the move was rolled back: <paramref name="RolledBack"/>).
    /// </summary>
    private sealed record FinishedMove(string Marker, string Target, CartSnapshot? Cart, bool RolledBack = false);
}
