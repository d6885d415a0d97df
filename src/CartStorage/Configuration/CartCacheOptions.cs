namespace CartStorage;

/// <summary>The <c>Cart:Cache</c> section.</summary>
public sealed class CartCacheOptions
{
    /// <summary>How long a cart lives after its last write. Default 1 day (<c>"1.00:00:00"</c>); must be positive.</summary>
    public TimeSpan Ttl { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// Run every write under a per-cart distributed lock that spans read-modify-write. Default <see langword="false"/>.
    /// Needs a lock provider (<c>.AddRedisLocking()</c>); without one, writes stay plain and a warning is logged.
    /// Env <c>CART_CACHE_LOCKING</c> (<c>true</c>/<c>false</c>/<c>1</c>/<c>0</c>).
    /// </summary>
    public bool UseLocking { get; set; }

    /// <summary>
    /// The longest a caller waits for a cart's lock before <see cref="CartLockTimeoutException"/>. Default 5 s
    /// (<c>"00:00:05"</c>); must be positive. Env <c>CART_LOCK_TIMEOUT</c> (seconds).
    /// </summary>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
