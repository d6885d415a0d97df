using System.Globalization;
using System.Text.Json;

namespace CartStorage.Redis;

/// <summary>
/// Item deltas in one round trip: <c>AddItemAsync</c>, <c>ChangeQuantityAsync</c> and <c>RemoveItemAsync</c> are one
/// <see cref="RedisDeltaScript"/> call, without reading the cart first, so they never conflict and never retry.
/// </summary>
public sealed partial class RedisStorage
{
    /// <summary>The serializer of the one-item cart an add checks its item with: checked against the limits, not measured (it is never written).</summary>
    private readonly CartSerializer created;

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
    /// item of a cart holding only it (the script takes the item's text from that cart's document). The read-modify-write
    /// of <see cref="UpdateCoreAsync"/> takes over when the script cannot decide alone: no cart (it may be the source of a
    /// pending move, finished first; and a new cart is created there), a cart not written under these limits (a 0.2 or
    /// 0.3 cart, which that write upgrades), a refused change (so the exception, and its message, are exactly the
    /// read-modify-write's), or an item that fails its own check.
    /// </remarks>
    protected override async Task<CartSnapshot> ApplyItemChangeCoreAsync(CartKey key, CartItemChange change, string? idempotencyKey, Func<CartSnapshot, CartSnapshot> mutate, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(change);
        byte[]? fresh = null;
        if (change.Kind == CartItemChangeKind.Add)
        {
            try
            {
                var cart = Stamp(CartSnapshot.Empty, mutate(CartSnapshot.Empty));
                fresh = created.Serialize(StoredCart.Of(cart));
            }
            catch (Exception e) when (e is ArgumentException or CartLimitExceededException)
            {
                // Merged into an item of the same id, the added item's other members do not count: the cart decides.
                return await UpdateCoreAsync(key, mutate, ct).ConfigureAwait(false);
            }
        }

        var request = new RedisDeltaRequest(
            change.Kind switch { CartItemChangeKind.Add => "a", CartItemChangeKind.ChangeQuantity => "q", _ => "r" },
            change.ItemId,
            change.Quantity,
            fresh,
            idempotencyKey,
            idempotencyKey is null ? string.Empty : JsonSerializer.Serialize(idempotencyKey, CartJsonContext.Default.String),
            Limits,
            JsonSerializer.Serialize(TimeProvider.GetUtcNow(), CartJsonContext.Default.DateTimeOffset),
            checkedLimits);
        var reply = await store.ApplyDeltaAsync(key, request, ct).ConfigureAwait(false);
        switch (reply.Code)
        {
            case 1:
                serializer.EnsureSize(reply.Document!.Length);
                return serializer.Deserialize(key, reply.Document).ToSnapshot();
            case 2:
                return serializer.Deserialize(key, reply.Document!).ToSnapshot();
            default:
                return await UpdateCoreAsync(key, mutate, ct).ConfigureAwait(false);
        }
    }

    private static string CheckedLimits(CartLimitsOptions limits) =>
        string.Create(CultureInfo.InvariantCulture, $"q{limits.MaxItemQuantity}s{limits.MaxStringLength}");
}
