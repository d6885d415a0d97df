namespace CartStorage.Redis;

/// <summary>
/// Swaps and merges. The source and the target usually live in different hash slots (different cluster nodes), so no
/// one script can change both; a move is three scripts, each atomic on its own node:
/// <list type="number">
/// <item><b>Claim</b> (source slot): if the source is still at the version read, rename it to its pending key, which
/// records a marker (the source cart's id and version), the target identifier and the mode. From now on no writer can
/// change what is being moved.</item>
/// <item><b>Write the target</b> (target slot): the combined cart, if the target is still at the version read,
/// recording the marker among the target's last absorbed sources. Lost race: re-read the target and combine again.</item>
/// <item><b>Remove the claim</b> (source slot), if it is still the one with this marker.</item>
/// </list>
/// A move interrupted after step 1 (crash, timeout, conflicts beyond the retry budget) leaves the pending key; the next
/// swap or merge from the same source finishes it first, and the marker makes step 2 run at most once.
/// </summary>
public sealed partial class RedisStorage
{
    /// <summary>How many absorbed sources a cart remembers (its last ones), so a repeated step 2 is recognised.</summary>
    private const int RememberedMoves = 8;

    private const string SwapMode = "swap";

    /// <inheritdoc />
    protected override async Task<bool> SwapCoreAsync(CartKey from, CartKey to, CancellationToken ct) =>
        await MoveAsync(from, to, SwapMode, CartOperation.Swap, ct).ConfigureAwait(false) is not null;

    /// <inheritdoc />
    protected override async Task<CartSnapshot?> MergeCoreAsync(CartKey from, CartKey to, CartMergeStrategy strategy, CancellationToken ct) =>
        await MoveAsync(from, to, strategy.ToString(), CartOperation.Merge, ct).ConfigureAwait(false)
        ?? await GetCoreAsync(to, ct).ConfigureAwait(false);

    /// <summary>Moves <paramref name="from"/> into <paramref name="to"/>; the target afterwards, or <see langword="null"/> when there was no source.</summary>
    private async Task<CartSnapshot?> MoveAsync(CartKey from, CartKey to, string mode, CartOperation operation, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            // An earlier move of this source that did not finish goes first, to the target it recorded.
            var finished = await FinishAsync(from, operation, ct).ConfigureAwait(false);
            var source = await ReadAsync(from, ct).ConfigureAwait(false);
            if (source is null)
            {
                return finished is { } f && f.Target == to.Identifier ? f.Cart : null;
            }

            // Limits are checked before anything changes: a merge that cannot fit leaves both carts as they are.
            var target = await ReadAsync(to, ct).ConfigureAwait(false);
            _ = Combine(mode, source, target, from);
            var marker = $"{source.Id:N}:{source.Version}";
            var claim = await store.ClaimAsync(from, source.ToSnapshot(), marker, to.Identifier, mode, ct).ConfigureAwait(false);
            if (claim.Outcome == RedisCartOutcome.Done)
            {
                return await FinishAsync(from, operation, ct).ConfigureAwait(false) is { } done && done.Marker == marker
                    ? done.Cart
                    : await GetCoreAsync(to, ct).ConfigureAwait(false);
            }

            await BackoffAsync(operation, from, attempt, source.ToSnapshot(), ct).ConfigureAwait(false);
        }
    }

    /// <summary>Steps 2 and 3 of the pending move of <paramref name="from"/>, if there is one.</summary>
    private async Task<FinishedMove?> FinishAsync(CartKey from, CartOperation operation, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (await store.ReadPendingAsync(from, ct).ConfigureAwait(false) is not { } pending)
            {
                return null;
            }

            var source = Decode(from, pending.Cart);
            var to = new CartKey(pending.Target, from.Instance);
            var target = await ReadAsync(to, ct).ConfigureAwait(false);
            var absorbed = target?.Absorbed?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
            CartSnapshot result;
            if (absorbed.Contains(pending.Marker, StringComparer.Ordinal))
            {
                result = target!.ToSnapshot();
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
                var write = await store.WriteAsync(to, expected, next.Id, Serialize(next, marks), ct).ConfigureAwait(false);
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
    private CartSnapshot Combine(string mode, StoredCart source, StoredCart? target, CartKey from)
    {
        var sourceCart = source.ToSnapshot();
        var targetCart = target?.ToSnapshot() ?? CartSnapshot.Empty;
        if (mode == SwapMode)
        {
            return Stamp(targetCart, sourceCart) with { Id = sourceCart.Id, CreatedAt = sourceCart.CreatedAt };
        }

        return Enum.TryParse<CartMergeStrategy>(mode, ignoreCase: false, out var strategy) && Enum.IsDefined(strategy)
            ? Stamp(targetCart, Merge(sourceCart, targetCart, strategy))
            : throw new CartDataCorruptedException(from.Identifier, from.Instance, $"a pending move has an unknown mode '{mode}'.");
    }

    private sealed record FinishedMove(string Marker, string Target, CartSnapshot Cart);
}
