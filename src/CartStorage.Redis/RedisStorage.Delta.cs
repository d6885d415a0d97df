using System.Globalization;
using System.Text;

namespace CartStorage.Redis;

/// <summary>
/// Item deltas in one round trip: <c>AddItemAsync</c>, <c>ChangeQuantityAsync</c> and <c>RemoveItemAsync</c> are one
/// <see cref="RedisDeltaScript"/> call, without reading the cart first, so they never conflict and never retry.
/// </summary>
public sealed partial class RedisStorage
{
    /// <summary>
    /// The item limits the writes of this storage check every item against, written beside each cart it checked
    /// (field <c>l</c>, <see cref="RedisDeltaScript"/>): a delta checks only its own item, so it needs the others checked
    /// under the same limits.
    /// </summary>
    private readonly string checkedLimits;

    /// <inheritdoc />
    /// <remarks>
    /// One script (<see cref="RedisDeltaScript"/>): the idempotency key, the change, the limits, the stamp, the expiry and
    /// the index in one atomic step. An add's item (its names, price, attributes, quantity) is checked here first, as the
    /// item of a cart holding only it, and sent as its JSON (the script takes the item's text from it, and checks the
    /// cart's size itself). The read-modify-write
    /// of <see cref="CartStorageBase.UpdateCoreAsync"/> takes over when the script cannot decide alone: a cart not written under these limits (a 0.2 or
    /// 0.3 cart, which that write upgrades), a cart or an added item or key whose strings hold a bracket, a brace or an
    /// escaped quote (<see cref="RedisDeltaText"/>), a refused change (so the exception, and its message, are exactly the
    /// read-modify-write's), or an item that fails its own check. A missing cart is read (a pending move of it is finished
    /// first) and created with a write that expects no cart; a writer that loses that race applies its change as a delta
    /// to the cart the winner created, so creating a hot cart does not make the others retry a read-modify-write.
    /// </remarks>
    protected override async Task<CartSnapshot> ApplyItemChangeCoreAsync(CartKey key, CartItemChange change, string? idempotencyKey, Func<CartSnapshot, CartSnapshot> mutate, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(change);
        byte[]? fresh = null;
        if (change.Kind == CartItemChangeKind.Add)
        {
            try
            {
                // The added item checked as the item of a cart holding only it; the script takes the item's text from
                // these items (the documents' own JSON of an item) and checks the cart's size itself.
                var cart = mutate(CartSnapshot.Empty);
                fresh = Encoding.UTF8.GetBytes($"{{\"items\":{CartJson.SerializeItems(cart.Items)}}}");
            }
            catch (Exception e) when (e is ArgumentException or CartLimitExceededException)
            {
                // Merged into an item of the same id, the added item's other members do not count: the cart decides.
                return await UpdateCoreAsync(key, mutate, ct).ConfigureAwait(false);
            }
        }

        var keyJson = idempotencyKey is null ? string.Empty : CartJson.SerializeString(idempotencyKey);
        if ((fresh is not null && !RedisDeltaText.IsScannable(fresh)) || (idempotencyKey is not null && !RedisDeltaText.IsScannable(Encoding.UTF8.GetBytes(keyJson))))
        {
            // Text the script could not scan in the document it writes (a bracket, a brace or an escaped quote in a string).
            return await UpdateCoreAsync(key, mutate, ct).ConfigureAwait(false);
        }

        var request = new RedisDeltaRequest(
            change.Kind switch { CartItemChangeKind.Add => "a", CartItemChangeKind.ChangeQuantity => "q", _ => "r" },
            change.ItemId,
            change.Quantity,
            fresh,
            idempotencyKey,
            keyJson,
            Limits,
            CartJson.SerializeTimestamp(StampTime()),
            checkedLimits);
        for (var attempt = 1; ; attempt++)
        {
            var reply = await store.ApplyDeltaAsync(key, request, ct).ConfigureAwait(false);
            switch (reply.Code)
            {
                case 1:
                    CheckPayloadSize(reply.Document!.Length);
                    return DeserializeCart(key, reply.Document);
                case 2:
                    return DeserializeCart(key, reply.Document!);
                case -6:
                    if (await CreateAsync(key, mutate, ct).ConfigureAwait(false) is { } createdCart)
                    {
                        return createdCart;
                    }

                    // Another writer created the cart first: the change is a delta on it now, at once, never a retried
                    // read-modify-write. Only a cart removed again before that delta runs costs a backoff.
                    if (attempt > 1)
                    {
                        await BackoffAsync(CartOperation.Update, key, attempt - 1, CartSnapshot.Empty, ct).ConfigureAwait(false);
                    }

                    break;
                default:
                    return await UpdateCoreAsync(key, mutate, ct).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// The change on a cart the delta script found missing: reads it (finishing a pending move of it first) and, if it is
    /// still missing, writes the cart <paramref name="mutate"/> makes of the empty one, if no other writer created it in
    /// between. <see langword="null"/> when the cart exists by then (the caller applies the change to it as a delta).
    /// </summary>
    private async Task<CartSnapshot?> CreateAsync(CartKey key, Func<CartSnapshot, CartSnapshot> mutate, CancellationToken ct)
    {
        var write = await BeginWriteAsync(key, ct).ConfigureAwait(false);
        await using (write.ConfigureAwait(false))
        {
            if (write.Current.Version != 0)
            {
                return null;
            }

            var next = mutate(write.Current);
            if (ReferenceEquals(next, write.Current))
            {
                return next;
            }

            var stamped = Stamp(write.Current, next);
            return await write.TryWriteAsync(stamped, ct).ConfigureAwait(false) ? stamped : null;
        }
    }

    /// <summary>The tag of field <c>l</c>: the item limits, and <c>b</c> for a scannable document (<see cref="RedisDeltaScript"/>).</summary>
    private static string CheckedLimits(CartLimitsOptions limits) =>
        string.Create(CultureInfo.InvariantCulture, $"q{limits.MaxItemQuantity}s{limits.MaxStringLength}b");
}
