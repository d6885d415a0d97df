namespace CartStorage;

/// <summary>
/// Exponential backoff with full jitter between the attempts of a write that lost a race, run by
/// <see cref="CartStorageBase"/> for every backend whose store compares versions (<c>Cart:Database:Retry</c>,
/// <c>Cart:Redis:Retry</c>, or a backend's own settings).
/// </summary>
/// <param name="section">The configuration section of the settings, such as <c>Cart:Redis:Retry</c>, named by the give-up log line.</param>
/// <param name="maxAttempts">Attempts before a write gives up with <see cref="CartConflictException"/>.</param>
/// <param name="baseDelay">The delay ceiling before the first retry.</param>
/// <param name="maxDelay">The largest delay ceiling.</param>
/// <exception cref="ArgumentException">The settings are invalid (the message names the keys under <paramref name="section"/>).</exception>
public sealed class CartRetryPolicy(string section, int maxAttempts, TimeSpan baseDelay, TimeSpan maxDelay)
{
    /// <summary>
    /// 10 attempts, a 10 ms first delay ceiling, at most 1 s: the defaults of <c>Cart:Database:Retry</c> and
    /// <c>Cart:Redis:Retry</c>, and the policy of a backend that does not override <c>CartStorageBase.RetryPolicy</c>
    /// (its give-up log line names section <c>CartStorageBase.RetryPolicy</c>).
    /// </summary>
    public static CartRetryPolicy Default { get; } = new("CartStorageBase.RetryPolicy", 10, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(1));

    /// <summary>The configuration section of the settings, named by the give-up log line.</summary>
    public string Section { get; } = Checked(section, maxAttempts, baseDelay, maxDelay);

    /// <summary>Attempts before a write gives up with <see cref="CartConflictException"/>.</summary>
    public int MaxAttempts { get; } = maxAttempts;

    /// <summary>A random delay in [0, min(MaxDelay, BaseDelay * 2^(attempt - 1))] before retry number <paramref name="attempt"/> (1-based).</summary>
    public TimeSpan Delay(int attempt)
    {
        var exponent = Math.Min(attempt - 1, 30);
        var ceiling = Math.Min(maxDelay.Ticks, baseDelay.Ticks * (double)(1L << exponent));
        return TimeSpan.FromTicks((long)(ceiling * Random.Shared.NextDouble()));
    }

    private static string Checked(string section, int maxAttempts, TimeSpan baseDelay, TimeSpan maxDelay)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(section);
        var errors = Validate(section, maxAttempts, baseDelay, maxDelay);
        return errors.Count == 0 ? section : throw new ArgumentException(string.Join(" ", errors));
    }

    /// <summary>What is wrong with retry settings, naming the keys under <paramref name="section"/> (such as <c>Cart:Redis:Retry</c>), for an options validator; empty when they are valid.</summary>
    /// <param name="section">The configuration section of the settings.</param>
    /// <param name="maxAttempts">Attempts before a write gives up; at least 1.</param>
    /// <param name="baseDelay">The delay ceiling before the first retry; zero or more.</param>
    /// <param name="maxDelay">The largest delay ceiling; at least <paramref name="baseDelay"/>.</param>
    /// <returns>One message per invalid setting.</returns>
    public static IReadOnlyList<string> Validate(string section, int maxAttempts, TimeSpan baseDelay, TimeSpan maxDelay)
    {
        var errors = new List<string>();
        if (maxAttempts < 1)
        {
            errors.Add($"{section}:MaxAttempts must be at least 1 (was {maxAttempts}).");
        }

        if (baseDelay < TimeSpan.Zero)
        {
            errors.Add($"{section}:BaseDelay must not be negative (was {baseDelay}).");
        }

        if (maxDelay < baseDelay)
        {
            errors.Add($"{section}:MaxDelay ({maxDelay}) must be at least {section}:BaseDelay ({baseDelay}).");
        }

        return errors;
    }
}
