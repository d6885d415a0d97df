namespace CartStorage.Redis;

/// <summary>The <c>Cart:Redis</c> section, read by <c>.AddRedisLocking()</c> and <c>.AddRedis()</c>.</summary>
public sealed class CartRedisOptions
{
    /// <summary>
    /// StackExchange.Redis configuration string, for example <c>localhost:6379</c>. For <c>.AddRedisLocking()</c>: the
    /// lock servers, several independent masters for a RedLock quorum separated by <c>;</c>. When empty, the
    /// <c>IConnectionMultiplexer</c> the application registered is used.
    /// </summary>
    public string? Configuration { get; set; }

    /// <summary>The <c>Cart:Redis:Locking</c> section: lease and retry interval of the lock provider of <c>.AddRedisLocking()</c>.</summary>
    public RedisLockingOptions Locking { get; set; } = new();
}
