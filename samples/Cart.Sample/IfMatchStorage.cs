using CartStorage;

namespace Cart.Sample;

/// <summary>
/// An <see cref="ICartStorage"/> whose <see cref="UpdateAsync"/> writes only if the cart is still the one the ETag of an
/// <c>If-Match</c> header names (<see cref="CartSnapshot.ETag"/>), and otherwise throws <see cref="CartConflictException"/> (HTTP 412). The check runs inside
/// the backend's read-modify-write, under its lock or version check, so a write that slips in between fails it too.
/// Because the library's conveniences (<c>AddItemAsync</c>, ...) are extension methods over <c>UpdateAsync</c>, they
/// work on this decorator unchanged.
/// </summary>
public sealed class IfMatchStorage(ICartStorage inner, string expectedETag) : ICartStorage
{
    /// <summary><paramref name="storage"/> itself without an <c>If-Match</c> header, else a decorator checking its ETag.</summary>
    public static ICartStorage For(HttpRequest request, ICartStorage storage) =>
        ExpectedETag(request) is { } expected ? new IfMatchStorage(storage, expected) : storage;

    /// <summary>The ETag of the request's <c>If-Match</c> header without its quotes, or <see langword="null"/> without one.</summary>
    public static string? ExpectedETag(HttpRequest request) =>
        request.Headers.IfMatch.Count == 0 ? null : request.Headers.IfMatch.ToString().Trim().Trim('"');

    /// <inheritdoc />
    public CartStorageCapabilities Capabilities => inner.Capabilities;

    /// <inheritdoc />
    public Task<CartSnapshot> UpdateAsync(string identifier, string instance, Func<CartSnapshot, CartSnapshot> mutate, CancellationToken ct = default, string? idempotencyKey = null) =>
        inner.UpdateAsync(identifier, instance, current => current.ETag == expectedETag
            ? mutate(current)
            : throw new CartConflictException(identifier, instance, -1, current.Version, expectedETag, current.ETag), ct, idempotencyKey);

    /// <inheritdoc />
    public Task<CartSnapshot?> GetAsync(string identifier, string instance, CancellationToken ct = default) => inner.GetAsync(identifier, instance, ct);

    /// <inheritdoc />
    public Task<CartSnapshot> SaveAsync(string identifier, string instance, CartSnapshot snapshot, CancellationToken ct = default) => inner.SaveAsync(identifier, instance, snapshot, ct);

    /// <inheritdoc />
    public Task ForgetAsync(string identifier, string instance, CancellationToken ct = default) => inner.ForgetAsync(identifier, instance, expectedETag, ct);

    /// <inheritdoc />
    public Task ForgetAsync(string identifier, string instance, string expectedETag, CancellationToken ct = default) => inner.ForgetAsync(identifier, instance, expectedETag, ct);

    /// <inheritdoc />
    public Task FlushAsync(CancellationToken ct = default) => inner.FlushAsync(ct);

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> GetInstancesAsync(string identifier, CancellationToken ct = default) => inner.GetInstancesAsync(identifier, ct);

    /// <inheritdoc />
    public Task ForgetIdentifierAsync(string identifier, CancellationToken ct = default) => inner.ForgetIdentifierAsync(identifier, ct);

    /// <inheritdoc />
    public Task<bool> SwapIdentifierAsync(string oldIdentifier, string newIdentifier, string instance, CancellationToken ct = default) =>
        inner.SwapIdentifierAsync(oldIdentifier, newIdentifier, instance, ct);

    /// <inheritdoc />
    public Task<CartSnapshot?> MergeIdentifierAsync(string fromIdentifier, string toIdentifier, string instance, CartMergeStrategy strategy = CartMergeStrategy.AddQuantities, CancellationToken ct = default) =>
        inner.MergeIdentifierAsync(fromIdentifier, toIdentifier, instance, strategy, ct);
}
