namespace CartStorage.Redis;

/// <summary>
/// The <c>Cart:Redis:Retry</c> section of <see cref="RedisStorage"/>. After a version conflict, <c>UpdateAsync</c> (and
/// every granular put built on it, swaps and merges) re-reads the cart and tries again after a random delay between
/// zero and <c>min(MaxDelay, BaseDelay * 2^(attempt - 1))</c> (exponential backoff with full jitter). The same delays
/// separate the retries of a command a Redis Cluster refused while a slot was migrating (<c>TRYAGAIN</c>).
/// </summary>
public sealed class CartRedisRetryOptions
{
    /// <summary>How many times a write is tried before <see cref="CartConflictException"/>. Default 10; at least 1.</summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>The backoff of the first retry. Default 10 ms (<c>"00:00:00.010"</c>); zero or more.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>The longest backoff. Default 1 s (<c>"00:00:01"</c>); at least <see cref="BaseDelay"/>.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(1);
}
