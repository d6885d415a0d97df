namespace CartStorage;

/// <summary>The <c>Cart:Redis</c> section, read by <c>.AddRedisLocking()</c>.</summary>
public sealed class CartRedisOptions
{
    /// <summary>
    /// StackExchange.Redis configuration string for the lock servers, for example <c>localhost:6379</c>.
    /// Several independent masters for a RedLock quorum are separated by <c>;</c>.
    /// </summary>
    public string? Configuration { get; set; }
}
