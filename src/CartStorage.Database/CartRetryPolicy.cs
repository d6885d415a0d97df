namespace CartStorage.Database;

/// <summary>Exponential backoff with full jitter between the attempts of a conflicting write (<c>Cart:Database:Retry</c>).</summary>
internal sealed class CartRetryPolicy(CartDatabaseRetryOptions options)
{
    public int MaxAttempts { get; } = options.MaxAttempts;

    /// <summary>A random delay in [0, min(MaxDelay, BaseDelay * 2^(attempt - 1))] before retry number <paramref name="attempt"/> (1-based).</summary>
    public TimeSpan Delay(int attempt)
    {
        var exponent = Math.Min(attempt - 1, 30);
        var ceiling = Math.Min(options.MaxDelay.Ticks, options.BaseDelay.Ticks * (double)(1L << exponent));
        return TimeSpan.FromTicks((long)(ceiling * Random.Shared.NextDouble()));
    }
}
