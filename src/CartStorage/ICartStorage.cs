using System.Text.Json;

namespace CartStorage;

/// <summary>
/// Stores shopping carts by <c>(identifier, instance)</c>: a user or session id, and a cart name such as
/// <c>default</c> or <c>wishlist</c>.
/// </summary>
/// <remarks>
/// <para>
/// Every write is a read-modify-write of the whole cart. Use <see cref="UpdateAsync"/> for changes that depend
/// on the current cart (add an item, increase a quantity) and <see cref="SaveAsync"/> for HTTP
/// <c>If-Match</c>-style writes. Check <see cref="Capabilities"/> to know whether concurrent writers on several
/// servers can lose an update with the configured backend.
/// </para>
/// <para>
/// Bad input throws before anything is written: <see cref="ArgumentException"/> for a null, empty or whitespace
/// identifier, instance or key, for text or JSON holding a NUL character (U+0000), for attribute and metadata values
/// nested more than 32 levels, and for malformed items; <see cref="CartLimitExceededException"/> for values beyond
/// <c>Cart:Limits</c>. Stored data that cannot be read throws <see cref="CartDataCorruptedException"/>.
/// </para>
/// </remarks>
public interface ICartStorage
{
    /// <summary>What this storage guarantees under concurrency.</summary>
    CartStorageCapabilities Capabilities { get; }

    /// <summary>Whether the cart exists.</summary>
    Task<bool> HasAsync(string identifier, string instance, CancellationToken ct = default);

    /// <summary>Removes the cart: items, conditions and metadata. Removing a missing cart does nothing.</summary>
    Task ForgetAsync(string identifier, string instance, CancellationToken ct = default);

    /// <summary>Removes every cart this storage holds, and nothing else in the underlying store.</summary>
    Task FlushAsync(CancellationToken ct = default);

    /// <summary>The instances that exist for an identifier, in ordinal order.</summary>
    Task<IReadOnlyList<string>> GetInstancesAsync(string identifier, CancellationToken ct = default);

    /// <summary>Removes every instance of an identifier.</summary>
    Task ForgetIdentifierAsync(string identifier, CancellationToken ct = default);

    /// <summary>The cart's items; empty when the cart does not exist.</summary>
    Task<IReadOnlyList<CartItem>> GetItemsAsync(string identifier, string instance, CancellationToken ct = default);

    /// <summary>The cart's conditions; empty when the cart does not exist.</summary>
    Task<IReadOnlyList<CartCondition>> GetConditionsAsync(string identifier, string instance, CancellationToken ct = default);

    /// <summary>Replaces the cart's items, keeping its conditions and metadata. Creates the cart if needed.</summary>
    Task PutItemsAsync(string identifier, string instance, IEnumerable<CartItem> items, CancellationToken ct = default);

    /// <summary>Replaces the cart's conditions, keeping its items and metadata. Creates the cart if needed.</summary>
    Task PutConditionsAsync(string identifier, string instance, IEnumerable<CartCondition> conditions, CancellationToken ct = default);

    /// <summary>Replaces items and conditions in one write: a reader sees both old or both new, never a mix.</summary>
    Task PutBothAsync(string identifier, string instance, IEnumerable<CartItem> items, IEnumerable<CartCondition> conditions, CancellationToken ct = default);

    /// <summary>Sets one metadata value, keeping the other keys.</summary>
    Task PutMetadataAsync(string identifier, string instance, string key, JsonElement value, CancellationToken ct = default);

    /// <summary>One metadata value, or <see langword="null"/> when the key or the cart does not exist.</summary>
    Task<JsonElement?> GetMetadataAsync(string identifier, string instance, string key, CancellationToken ct = default);

    /// <summary>Sets several metadata values in one write, keeping the other keys.</summary>
    Task PutMetadataBatchAsync(string identifier, string instance, IReadOnlyDictionary<string, JsonElement> values, CancellationToken ct = default);

    /// <summary>All metadata of the cart; empty when the cart does not exist.</summary>
    Task<IReadOnlyDictionary<string, JsonElement>> GetAllMetadataAsync(string identifier, string instance, CancellationToken ct = default);

    /// <summary>Removes all metadata, keeping items and conditions. Does nothing when the cart does not exist.</summary>
    Task ClearMetadataAsync(string identifier, string instance, CancellationToken ct = default);

    /// <summary>
    /// Moves the cart <paramref name="instance"/> from <paramref name="oldIdentifier"/> to <paramref name="newIdentifier"/>
    /// (items, conditions and metadata; for example a guest cart to the user who just logged in).
    /// A cart already stored under the new identifier is replaced, and its version keeps increasing so stale
    /// <see cref="SaveAsync"/> calls against it fail.
    /// </summary>
    /// <returns><see langword="true"/> if a cart was moved; <see langword="false"/> if there was none under the old identifier.</returns>
    Task<bool> SwapIdentifierAsync(string oldIdentifier, string newIdentifier, string instance, CancellationToken ct = default);

    /// <summary>The cart's version; 0 when it does not exist.</summary>
    Task<long> GetVersionAsync(string identifier, string instance, CancellationToken ct = default);

    /// <summary>The cart's stable id, or <see langword="null"/> when it does not exist.</summary>
    Task<Guid?> GetIdAsync(string identifier, string instance, CancellationToken ct = default);

    /// <summary>When the cart was created, or <see langword="null"/> when it does not exist.</summary>
    Task<DateTimeOffset?> GetCreatedAtAsync(string identifier, string instance, CancellationToken ct = default);

    /// <summary>When the cart was last written, or <see langword="null"/> when it does not exist.</summary>
    Task<DateTimeOffset?> GetUpdatedAtAsync(string identifier, string instance, CancellationToken ct = default);

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
    /// conflict), so it must not have side effects. Returning the very same instance writes nothing.
    /// </param>
    /// <param name="ct">Cancels the operation.</param>
    /// <returns>The stored snapshot, with its new version.</returns>
    Task<CartSnapshot> UpdateAsync(string identifier, string instance, Func<CartSnapshot, CartSnapshot> mutate, CancellationToken ct = default);

    /// <summary>
    /// Writes <paramref name="snapshot"/> only if the stored version still equals <paramref name="snapshot"/>'s
    /// <see cref="CartSnapshot.Version"/> (0: the cart must not exist yet); otherwise throws
    /// <see cref="CartConflictException"/> and writes nothing.
    /// </summary>
    /// <returns>The stored snapshot, with its new version.</returns>
    Task<CartSnapshot> SaveAsync(string identifier, string instance, CartSnapshot snapshot, CancellationToken ct = default);
}
