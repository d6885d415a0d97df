using Microsoft.Extensions.Logging;

namespace CartStorage;

/// <summary>The one retry loop step of a write that lost a race, for every backend that retries (database, Redis).</summary>
public abstract partial class CartStorageBase
{
    /// <summary>
    /// After attempt <paramref name="attempt"/> (1-based) lost the race against <paramref name="expected"/>: waits the
    /// policy's delay (exponential backoff with full jitter), recording the retry metric and a debug line; after the
    /// policy's last attempt, logs a warning and throws <see cref="CartConflictException"/> against the cart
    /// <paramref name="readCurrent"/> returns.
    /// </summary>
    private protected async Task BackoffAsync(CartRetryPolicy retry, CartOperation operation, CartKey key, int attempt, CartSnapshot expected, Func<Task<CartSnapshot?>> readCurrent, ILogger logger, CancellationToken ct)
    {
        if (attempt >= retry.MaxAttempts)
        {
            Log.GaveUp(logger, key.Instance, attempt, retry.Section);
            throw Conflict(key, expected, await readCurrent().ConfigureAwait(false) ?? CartSnapshot.Empty);
        }

        var delay = retry.Delay(attempt);
        Telemetry.Retrying(Capabilities.Backend, operation);
        Log.Retrying(logger, key.Instance, expected.Version, attempt, delay.TotalMilliseconds);
        await Task.Delay(delay, TimeProvider, ct).ConfigureAwait(false);
    }

    private static partial class Log
    {
        [LoggerMessage(CartEventIds.WriteRetrying, LogLevel.Debug, "A cart (instance '{Instance}') changed after it was read at version {Version}; attempt {Attempt} failed, retrying in {DelayMs} ms.", EventName = nameof(CartEventIds.WriteRetrying))]
        public static partial void Retrying(ILogger logger, string instance, long version, int attempt, double delayMs);

        [LoggerMessage(CartEventIds.WriteGaveUp, LogLevel.Warning, "A cart (instance '{Instance}') kept changing under {Attempts} attempts; giving up with a conflict. Raise {Section}:MaxAttempts if this cart is this contended.", EventName = nameof(CartEventIds.WriteGaveUp))]
        public static partial void GaveUp(ILogger logger, string instance, int attempts, string section);
    }
}
