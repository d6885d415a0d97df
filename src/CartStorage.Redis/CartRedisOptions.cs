namespace CartStorage.Redis;

/// <summary>The <c>Cart:Redis</c> section, read by <c>.AddRedisLocking()</c> and <c>.AddRedis()</c>.</summary>
public sealed class CartRedisOptions
{
    /// <summary>
    /// StackExchange.Redis configuration string, for example <c>localhost:6379</c>. For <c>.AddRedis()</c>: one server
    /// or the nodes of a Redis Cluster. For <c>.AddRedisLocking()</c>: the lock servers, several independent masters for
    /// a RedLock quorum separated by <c>;</c>. When empty, the <c>IConnectionMultiplexer</c> the application registered
    /// is used.
    /// </summary>
    public string? Configuration { get; set; }

    /// <summary>
    /// How long a cart of <see cref="RedisStorage"/> lives after its last write (<c>.AddRedis()</c>). Default 30 days
    /// (<c>"30.00:00:00"</c>); positive.
    /// </summary>
    public TimeSpan Ttl { get; set; } = TimeSpan.FromDays(30);

    /// <summary>The <c>Cart:Redis:Retry</c> section: how <see cref="RedisStorage"/> retries a write that lost a version race.</summary>
    public CartRedisRetryOptions Retry { get; set; } = new();

    /// <summary>The <c>Cart:Redis:Durability</c> section: how durable the target of a swap or merge of <see cref="RedisStorage"/> must be before its source is removed.</summary>
    public CartRedisDurabilityOptions Durability { get; set; } = new();

    /// <summary>The <c>Cart:Redis:Locking</c> section: lease and retry interval of the lock provider of <c>.AddRedisLocking()</c>.</summary>
    public RedisLockingOptions Locking { get; set; } = new();
}
