namespace CartStorage;

/// <summary>The <c>Cart:Limits</c> section: checked before anything is written.</summary>
public sealed class CartLimitsOptions
{
    /// <summary>Most items in one cart. Default 1000.</summary>
    public int MaxItems { get; set; } = 1000;

    /// <summary>Largest serialized cart, in bytes. Default 1048576 (1 MiB).</summary>
    public int MaxDataSizeBytes { get; set; } = 1024 * 1024;

    /// <summary>Largest quantity of one item. Default 10000.</summary>
    public int MaxItemQuantity { get; set; } = 10000;

    /// <summary>
    /// Longest identifier, instance, item id, item name, condition field and metadata key, in characters. Default 255.
    /// </summary>
    public int MaxStringLength { get; set; } = 255;

    /// <summary>
    /// How many idempotency keys a cart remembers: the keys of its last writes made with one
    /// (<c>UpdateAsync(..., idempotencyKey: key)</c>), so a retried request is applied once. Default 64; at least 1.
    /// </summary>
    public int IdempotencyKeys { get; set; } = 64;
}
