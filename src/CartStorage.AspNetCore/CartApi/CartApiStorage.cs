namespace CartStorage.AspNetCore;

/// <summary>
/// The <see cref="ICartStorage"/> one cart API request writes through: its <see cref="UpdateAsync"/> applies the change
/// only if the cart is one the request's <c>If-Match</c> names, checked inside the backend's read-modify-write (under
/// its lock or version check, so a write that slips in between fails the check too), and carries the request's
/// <c>Idempotency-Key</c>. The library's conveniences (<c>AddItemAsync</c>, ...) are extension methods over
/// <c>UpdateAsync</c>, so they go through it unchanged.
/// </summary>
internal sealed class CartApiStorage(ICartStorage inner, IfMatch? ifMatch, string? requestKey) : ICartStorage
{
    public CartStorageCapabilities Capabilities => inner.Capabilities;

    /// <summary>
    /// The one place the request's <c>If-Match</c> and <c>Idempotency-Key</c> reach the store. A key the cart already
    /// applied returns the stored cart without calling <paramref name="mutate"/>, so a replayed request answers 200 with
    /// the cart even when its <c>If-Match</c> names the version before its own first write.
    /// </summary>
    public Task<CartSnapshot> UpdateAsync(string identifier, string instance, Func<CartSnapshot, CartSnapshot> mutate, CancellationToken ct = default, string? idempotencyKey = null) =>
        inner.UpdateAsync(
            identifier,
            instance,
            current => ifMatch is null || ifMatch.Matches(current) ? mutate(current) : throw CartApiException.PreconditionFailed(),
            ct,
            idempotencyKey: idempotencyKey ?? requestKey);

    public Task<CartSnapshot?> GetAsync(string identifier, string instance, CancellationToken ct = default) => inner.GetAsync(identifier, instance, ct);

    public Task<CartSnapshot> SaveAsync(string identifier, string instance, CartSnapshot snapshot, CancellationToken ct = default) => inner.SaveAsync(identifier, instance, snapshot, ct);

    public Task ForgetAsync(string identifier, string instance, CancellationToken ct = default) => inner.ForgetAsync(identifier, instance, ct);

    public Task ForgetAsync(string identifier, string instance, string expectedETag, CancellationToken ct = default) => inner.ForgetAsync(identifier, instance, expectedETag, ct);

    public Task FlushAsync(CancellationToken ct = default) => inner.FlushAsync(ct);

    public Task<IReadOnlyList<string>> GetInstancesAsync(string identifier, CancellationToken ct = default) => inner.GetInstancesAsync(identifier, ct);

    public Task ForgetIdentifierAsync(string identifier, CancellationToken ct = default) => inner.ForgetIdentifierAsync(identifier, ct);

    public Task<bool> SwapIdentifierAsync(string oldIdentifier, string newIdentifier, string instance, CancellationToken ct = default) =>
        inner.SwapIdentifierAsync(oldIdentifier, newIdentifier, instance, ct);

    public Task<CartSnapshot?> MergeIdentifierAsync(string fromIdentifier, string toIdentifier, string instance, CartMergeStrategy strategy = CartMergeStrategy.AddQuantities, CancellationToken ct = default) =>
        inner.MergeIdentifierAsync(fromIdentifier, toIdentifier, instance, strategy, ct);
}
