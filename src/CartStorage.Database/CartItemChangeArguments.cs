namespace CartStorage.Database;

/// <summary>
/// The values of one item-change statement (<see cref="CartSqlDialect.ItemChange"/>): the change, the new cart's id and
/// keys, the time of the write and the limits, bound as parameters by <see cref="CartTable"/>.
/// </summary>
/// <param name="Change">The change.</param>
/// <param name="Items">For an add, the item as a JSON array of one (the serializer's exact text); <c>[]</c> otherwise.</param>
/// <param name="IdempotencyKey">The caller's key, or <see langword="null"/>.</param>
/// <param name="KeyJson">The key as a JSON string (the serializer's exact text), or <see langword="null"/>.</param>
/// <param name="NewKeys">The keys of a cart this change creates, as a JSON array.</param>
/// <param name="Id">The id of a cart this change creates.</param>
/// <param name="UpdatedAt">The time of the write, cut to microseconds; the creation time of a new cart.</param>
/// <param name="Limits">The limits the statement enforces.</param>
internal sealed record CartItemChangeArguments(
    CartItemChange Change,
    string Items,
    string? IdempotencyKey,
    string? KeyJson,
    string NewKeys,
    Guid Id,
    DateTimeOffset UpdatedAt,
    CartLimitsOptions Limits)
{
    /// <summary>The quantity a removal adds: below minus every quantity an item can have, so the item always goes.</summary>
    public const long RemoveDelta = -(1L << 32);

    /// <summary>The <c>@delta</c> of the statement.</summary>
    public long Delta => Change.Kind == CartItemChangeKind.Remove ? RemoveDelta : Change.Quantity;

    /// <summary>UTF-8 bytes of the added item's JSON, without the array's brackets.</summary>
    public long ItemBytes => System.Text.Encoding.UTF8.GetByteCount(Items) - 2;

    /// <summary>UTF-8 bytes of the key's JSON string, 0 without a key.</summary>
    public long KeyBytes => KeyJson is null ? 0 : System.Text.Encoding.UTF8.GetByteCount(KeyJson);
}
