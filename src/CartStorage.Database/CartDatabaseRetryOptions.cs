namespace CartStorage.Database;

/// <summary>
/// The <c>Cart:Database:Retry</c> section. After a version conflict, <c>UpdateAsync</c> (and every granular put
/// built on it) re-reads the cart and tries again after a random delay between zero and
/// <c>min(MaxDelay, BaseDelay * 2^(attempt - 1))</c> (exponential backoff with full jitter).
/// </summary>
public sealed class CartDatabaseRetryOptions
{
    /// <summary>How many times a write is tried before <see cref="CartConflictException"/>. Default 10; at least 1.</summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>The backoff of the first retry. Default 10 ms (<c>"00:00:00.010"</c>); zero or more.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>The longest backoff. Default 1 s (<c>"00:00:01"</c>); at least <see cref="BaseDelay"/>.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(1);
}
