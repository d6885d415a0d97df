namespace CartStorage;

/// <summary>
/// The <c>Cart</c> configuration section. Environment variables <c>CART_STORAGE_DRIVER</c>, <c>CART_CACHE_LOCKING</c>,
/// <c>CART_LOCK_TIMEOUT</c> and <c>CART_DB_LOCK_FOR_UPDATE</c> override it.
/// </summary>
public sealed class CartStorageOptions
{
    /// <summary>The configuration section the options are usually bound from.</summary>
    public const string SectionName = "Cart";

    /// <summary>The backend. Default <see cref="CartDriver.Cache"/>.</summary>
    public CartDriver Driver { get; set; } = CartDriver.Cache;

    /// <summary>Prefix of every cache and session key this library writes. Default <c>cart</c>. No <c>{</c>, <c>}</c> or <c>:</c>.</summary>
    public string KeyPrefix { get; set; } = "cart";

    /// <summary>The <c>Cart:Cache</c> section.</summary>
    public CartCacheOptions Cache { get; set; } = new();

    /// <summary>The <c>Cart:Redis</c> section.</summary>
    public CartRedisOptions Redis { get; set; } = new();

    /// <summary>The <c>Cart:Database</c> section.</summary>
    public CartDatabaseOptions Database { get; set; } = new();

    /// <summary>The <c>Cart:Limits</c> section.</summary>
    public CartLimitsOptions Limits { get; set; } = new();
}
