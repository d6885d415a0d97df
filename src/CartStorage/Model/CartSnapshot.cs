using System.Text.Json;

namespace CartStorage;

/// <summary>
/// Everything stored for one cart, read at one moment: items, conditions, metadata, and the
/// version that <see cref="ICartStorage.SaveAsync"/> checks.
/// </summary>
/// <remarks>
/// Change a snapshot with <c>with</c>: <c>snapshot with { Items = [.. snapshot.Items, item] }</c>.
/// The storage assigns <see cref="Version"/>, <see cref="Id"/> and the timestamps on write;
/// values set on a snapshot passed to a write are ignored, except <see cref="Id"/> and <see cref="Version"/> in
/// <see cref="ICartStorage.SaveAsync"/>, which name the cart the caller expects to replace.
/// </remarks>
public sealed record CartSnapshot
{
    /// <summary>A cart that does not exist yet: no items, no conditions, no metadata, version 0.</summary>
    public static CartSnapshot Empty { get; } = new();

    /// <summary>The cart's items, in insertion order; item ids are unique.</summary>
    public IReadOnlyList<CartItem> Items { get; init; } = [];

    /// <summary>The cart-level conditions (discounts, taxes, shipping).</summary>
    public IReadOnlyList<CartCondition> Conditions { get; init; } = [];

    /// <summary>Free-form JSON metadata by key.</summary>
    public IReadOnlyDictionary<string, JsonElement> Metadata { get; init; } = CartDefaults.EmptyAttributes;

    /// <summary>
    /// The stored version: 0 for a cart that does not exist, then 1 after the first write, and one more after each write.
    /// </summary>
    public long Version { get; init; }

    /// <summary>
    /// The idempotency keys of the cart's last writes made with one (oldest first, at most
    /// <c>Cart:Limits:IdempotencyKeys</c>): a write whose key is listed here is not applied again. Kept by the storage
    /// across writes, swaps and merges (a merged cart remembers both carts' keys); a value set on a snapshot passed to a
    /// write is ignored.
    /// </summary>
    public IReadOnlyList<string> IdempotencyKeys { get; init; } = [];

    /// <summary>The cart's stable identifier, assigned when it is first written; <see cref="Guid.Empty"/> before.</summary>
    public Guid Id { get; init; }

    /// <summary>
    /// Names this cart at this version: opaque text, different for every (<see cref="Id"/>, <see cref="Version"/>) pair,
    /// so never shared by two carts, even when a cart removed and created again reaches the same version number.
    /// <c>CartSnapshot.Empty.ETag</c> (and the ETag of any snapshot at version 0) names "no cart". Send it quoted as an
    /// HTTP <c>ETag</c>; <see cref="ICartStorage.ForgetAsync(string, string, string, CancellationToken)"/> takes it back
    /// (quoted or not).
    /// </summary>
    public string ETag => CartETag.Format(Id, Version);

    /// <summary>When the cart was first written; <see langword="null"/> before.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>When the cart was last written; <see langword="null"/> before.</summary>
    public DateTimeOffset? UpdatedAt { get; init; }
}
