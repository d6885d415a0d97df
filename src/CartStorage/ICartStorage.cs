namespace CartStorage;

/// <summary>
/// Stores shopping carts by <c>(identifier, instance)</c>: a user or session id, and a cart name such as
/// <c>default</c> or <c>wishlist</c>.
/// </summary>
/// <remarks>
/// <para>
/// This interface holds only what a backend implements. The conveniences (<c>HasAsync</c>, <c>GetItemsAsync</c>,
/// <c>PutItemsAsync</c>, the metadata methods, <c>AddItemAsync</c>, ...) are extension methods in
/// <see cref="CartStorageExtensions"/>, built on <see cref="GetAsync"/> and <see cref="UpdateAsync"/>, so a fake of this
/// interface in an application's own tests implements these members only.
/// </para>
/// <para>
/// Every write is a read-modify-write of the whole cart. Use <see cref="UpdateAsync"/> for changes that depend
/// on the current cart (add an item, increase a quantity) and <see cref="SaveAsync"/> for HTTP
/// <c>If-Match</c>-style writes. Check <see cref="Capabilities"/> to know whether concurrent writers on several
/// servers can lose an update with the configured backend.
/// </para>
/// <para>
/// Bad input throws before anything is written: <see cref="ArgumentException"/> for a null, empty or whitespace
/// identifier, instance or key, for text or JSON holding a NUL character (U+0000) or an unpaired UTF-16 surrogate,
/// for attribute and metadata values nested more than 32 levels, and for malformed items;
/// <see cref="CartLimitExceededException"/> for values beyond <c>Cart:Limits</c>. Stored data that cannot be read
/// throws <see cref="CartDataCorruptedException"/>; a store or lock server that cannot be reached throws
/// <see cref="CartStorageUnavailableException"/>.
/// </para>
/// </remarks>
public interface ICartStorage
{
    /// <summary>What this storage guarantees under concurrency.</summary>
    CartStorageCapabilities Capabilities { get; }

    /// <summary>The whole cart in one read, or <see langword="null"/> when it does not exist.</summary>
    Task<CartSnapshot?> GetAsync(string identifier, string instance, CancellationToken ct = default);

    /// <summary>
    /// The safe read-modify-write: reads the cart (or <see cref="CartSnapshot.Empty"/>), applies
    /// <paramref name="mutate"/> and writes the result, under the backend's lock or version check.
    /// </summary>
    /// <param name="identifier">The cart owner.</param>
    /// <param name="instance">The cart instance.</param>
    /// <param name="mutate">
    /// Returns the new cart from the current one. It may be called more than once (a backend retries after a
    /// conflict), so it must not have side effects, and it must not block (no synchronous I/O, no <c>.Result</c>):
    /// it runs while the cart's lock is held, and the RedLock lease is renewed from a thread-pool timer. Blocked
    /// threads can delay that timer until the lease runs out: the write is then refused with
    /// <see cref="CartLockTimeoutException"/> and nothing is written (see CACHE_LOCKING.md). Fetch what it needs
    /// before calling. Returning the very same instance writes nothing.
    /// </param>
    /// <param name="ct">Cancels the operation.</param>
    /// <param name="idempotencyKey">
    /// Optional (pass it by name): names this change, such as a request's <c>Idempotency-Key</c> header. When the cart
    /// has already applied a write with this key (it remembers the keys of its last <c>Cart:Limits:IdempotencyKeys</c>
    /// writes, across swaps and merges, for as long as it lives), <paramref name="mutate"/> is not called and the stored
    /// cart is returned unchanged: a client that retries after a timeout adds its item once. The check runs under the
    /// backend's lock or version check, so concurrent duplicates apply once on every backend that is
    /// <see cref="CartStorageCapabilities.SafeAcrossServers"/>.
    /// </param>
    /// <returns>The stored snapshot, with its new version.</returns>
    Task<CartSnapshot> UpdateAsync(string identifier, string instance, Func<CartSnapshot, CartSnapshot> mutate, CancellationToken ct = default, string? idempotencyKey = null);

    /// <summary>
    /// Writes <paramref name="snapshot"/> only if the stored cart is still the one it was read from: the same
    /// <see cref="CartSnapshot.Id"/> and <see cref="CartSnapshot.Version"/> (<see cref="CartSnapshot.Version"/> 0: only if
    /// no cart exists). Otherwise throws <see cref="CartConflictException"/> and writes nothing, also when the cart was
    /// removed (a checkout) and created again since: its versions restart at 1, but its id is new. This is what an HTTP
    /// <c>If-Match</c> needs.
    /// </summary>
    /// <returns>The stored snapshot, with its new version.</returns>
    Task<CartSnapshot> SaveAsync(string identifier, string instance, CartSnapshot snapshot, CancellationToken ct = default);

    /// <summary>
    /// Removes (deletes) the cart: items, conditions and metadata, whatever its version. Removing a missing cart does
    /// nothing. To empty a cart at checkout, prefer <see cref="ForgetAsync(string, string, string, CancellationToken)"/>.
    /// </summary>
    Task ForgetAsync(string identifier, string instance, CancellationToken ct = default);

    /// <summary>
    /// Removes (deletes) the cart only if it is the one <paramref name="expectedETag"/> names (its
    /// <see cref="CartSnapshot.ETag"/> as read, quoted or not; <c>CartSnapshot.Empty.ETag</c>: no cart, and then nothing
    /// is removed). Otherwise throws <see cref="CartConflictException"/> with both ETags and versions and removes nothing:
    /// an item added after the order service read the cart is never thrown away, and neither is a new cart started after
    /// a checkout, whatever its version. An ETag this library did not issue names no cart and always conflicts.
    /// The checkout operation.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="expectedETag"/> is null, empty or whitespace.</exception>
    Task ForgetAsync(string identifier, string instance, string expectedETag, CancellationToken ct = default);

    /// <summary>Removes every cart this storage holds, and nothing else in the underlying store.</summary>
    Task FlushAsync(CancellationToken ct = default);

    /// <summary>The instances that exist for an identifier, in ordinal order.</summary>
    Task<IReadOnlyList<string>> GetInstancesAsync(string identifier, CancellationToken ct = default);

    /// <summary>Removes (deletes) every instance of an identifier.</summary>
    Task ForgetIdentifierAsync(string identifier, CancellationToken ct = default);

    /// <summary>
    /// Moves the cart <paramref name="instance"/> from <paramref name="oldIdentifier"/> to <paramref name="newIdentifier"/>
    /// (items, conditions and metadata). A cart already stored under the new identifier is <b>replaced</b>, and its
    /// version keeps increasing so stale <see cref="SaveAsync"/> calls against it fail. To combine a guest cart with
    /// the user's saved cart at login, use <see cref="MergeIdentifierAsync"/> instead.
    /// </summary>
    /// <returns><see langword="true"/> if a cart was moved; <see langword="false"/> if there was none under the old identifier.</returns>
    Task<bool> SwapIdentifierAsync(string oldIdentifier, string newIdentifier, string instance, CancellationToken ct = default);

    /// <summary>
    /// Merges the cart <paramref name="instance"/> of <paramref name="fromIdentifier"/> (a guest) into the one of
    /// <paramref name="toIdentifier"/> (the user who logged in) and removes the source cart. Items match by
    /// <see cref="CartItem.Id"/>: a matched item keeps the target's fields and gets the quantity
    /// <paramref name="strategy"/> decides; items only in the source are appended. Conditions and metadata are
    /// united, the target winning on the same name or key (the source for <see cref="CartMergeStrategy.ReplaceWithSource"/>).
    /// </summary>
    /// <returns>The target cart after the merge; <see langword="null"/> when neither cart exists. Without a source cart, the target unchanged.</returns>
    /// <exception cref="CartLimitExceededException">The merged cart would break <c>Cart:Limits</c>; neither cart is changed.</exception>
    Task<CartSnapshot?> MergeIdentifierAsync(string fromIdentifier, string toIdentifier, string instance, CartMergeStrategy strategy = CartMergeStrategy.AddQuantities, CancellationToken ct = default);

    /// <summary>
    /// Checks that the store answers, or throws; used by the health check (<c>AddHealthChecks().AddCartStorage()</c>).
    /// Writes no cart. By default reads one cart; <see cref="CacheStorage"/> with locking on also takes and releases a
    /// lock on a probe resource.
    /// </summary>
    Task ProbeAsync(CancellationToken ct = default) => GetAsync("health-check", "probe", ct);
}
