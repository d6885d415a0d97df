namespace CartStorage;

/// <summary>
/// The <c>Cart</c> configuration section (the core keys; each backend package owns its own section, such as
/// <c>Cart:Database</c> or <c>Cart:Redis</c>). Environment variables <c>CART_STORAGE_DRIVER</c>,
/// <c>CART_CACHE_LOCKING</c> and <c>CART_LOCK_TIMEOUT</c> override the section; options set in code override both.
/// </summary>
public sealed class CartStorageOptions
{
    /// <summary>The configuration section the options are usually bound from.</summary>
    public const string SectionName = "Cart";

    /// <summary>
    /// The driver (see <see cref="CartDriver"/>), matched case-insensitively against the drivers that packages
    /// registered. Default <see langword="null"/>: the one driver a package registered (<c>.AddSqlite()</c>,
    /// <c>.AddSession()</c>, ...), or <see cref="CartDriver.Cache"/> when no package registered one; with several
    /// registered, startup fails and asks to choose.
    /// </summary>
    public string? Driver { get; set; }

    /// <summary>Prefix of every cache and session key this library writes. Default <c>cart</c>. No <c>{</c>, <c>}</c> or <c>:</c>.</summary>
    public string KeyPrefix { get; set; } = "cart";

    /// <summary>The <c>Cart:Cache</c> section.</summary>
    public CartCacheOptions Cache { get; set; } = new();

    /// <summary>The <c>Cart:Limits</c> section.</summary>
    public CartLimitsOptions Limits { get; set; } = new();
}
