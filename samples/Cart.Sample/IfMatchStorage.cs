using CartStorage;

namespace Cart.Sample;

/// <summary>
/// An <see cref="ICartStorage"/> whose <see cref="UpdateAsync"/> writes only if the cart still has the version of an
/// <c>If-Match</c> header, and otherwise throws <see cref="CartConflictException"/> (HTTP 412). The check runs inside
/// the backend's read-modify-write, under its lock or version check, so a write that slips in between fails it too.
/// Because the library's conveniences (<c>AddItemAsync</c>, ...) are extension methods over <c>UpdateAsync</c>, they
/// work on this decorator unchanged.
/// </summary>
public sealed class IfMatchStorage(ICartStorage inner, long expectedVersion) : ICartStorage
{
    /// <summary>
    /// <paramref name="storage"/> itself without an <c>If-Match</c> header, else a decorator checking its version.
    /// A header that is not a version (<c>"3"</c>) is an <see cref="ArgumentException"/> naming <c>If-Match</c>.
    /// </summary>
    public static ICartStorage For(HttpRequest request, ICartStorage storage) =>
        ExpectedVersion(request) is { } expected ? new IfMatchStorage(storage, expected) : storage;

    /// <summary>The version of the request's <c>If-Match</c> header, or <see langword="null"/> without one.</summary>
    public static long? ExpectedVersion(HttpRequest request)
    {
        if (request.Headers.IfMatch.Count == 0)
        {
            return null;
        }

        return long.TryParse(request.Headers.IfMatch.ToString().Trim().Trim('"'), out var version) && version >= 0
            ? version
            : throw new ArgumentException("If-Match must be a cart version as returned in ETag, such as \"3\".", "If-Match");
    }

    /// <inheritdoc />
    public CartStorageCapabilities Capabilities => inner.Capabilities;

    /// <inheritdoc />
    public Task<CartSnapshot> UpdateAsync(string identifier, string instance, Func<CartSnapshot, CartSnapshot> mutate, CancellationToken ct = default) =>
        inner.UpdateAsync(identifier, instance, current => current.Version == expectedVersion
            ? mutate(current)
            : throw new CartConflictException(identifier, instance, expectedVersion, current.Version), ct);

    /// <inheritdoc />
    public Task<CartSnapshot?> GetAsync(string identifier, string instance, CancellationToken ct = default) => inner.GetAsync(identifier, instance, ct);

    /// <inheritdoc />
    public Task<CartSnapshot> SaveAsync(string identifier, string instance, CartSnapshot snapshot, CancellationToken ct = default) => inner.SaveAsync(identifier, instance, snapshot, ct);

    /// <inheritdoc />
    public Task ForgetAsync(string identifier, string instance, CancellationToken ct = default) => inner.ForgetAsync(identifier, instance, expectedVersion, ct);

    /// <inheritdoc />
    public Task ForgetAsync(string identifier, string instance, long expectedVersion, CancellationToken ct = default) => inner.ForgetAsync(identifier, instance, expectedVersion, ct);

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
