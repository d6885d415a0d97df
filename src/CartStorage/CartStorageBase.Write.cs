using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CartStorage;

/// <summary>
/// The one write pipeline every backend plugs into (read, mutate, unchanged check, stamp, conditional write, retry),
/// and the one backoff step of a write that lost a race.
/// </summary>
public abstract partial class CartStorageBase
{
    /// <summary>
    /// The backoff between the attempts of a write that lost a race (<see cref="CartWrite.TryWriteAsync"/> returned
    /// <see langword="false"/>); <see cref="CartRetryPolicy.Default"/> unless the backend reads its own settings.
    /// </summary>
    protected virtual CartRetryPolicy RetryPolicy => CartRetryPolicy.Default;

    /// <summary>Where the base logs retries and give-ups (<c>WriteRetrying</c>, <c>WriteGaveUp</c>); nowhere by default.</summary>
    protected virtual ILogger Logger => NullLogger.Instance;

    /// <summary>
    /// The stored cart a <see cref="CartConflictException"/> names after the last attempt; by default
    /// <see cref="GetCoreAsync"/>. A backend whose reads do more than read (such as finishing a pending move) overrides it
    /// with a plain read, so giving up writes nothing.
    /// </summary>
    /// <param name="key">The cart.</param>
    /// <param name="ct">Cancels the read.</param>
    /// <returns>The stored cart, or <see langword="null"/>.</returns>
    protected virtual Task<CartSnapshot?> ReadForConflictAsync(CartKey key, CancellationToken ct) => GetCoreAsync(key, ct);

    /// <summary>
    /// Reads the cart for one write attempt, under the backend's protection (a lock, a transaction, or nothing when the
    /// store compares versions itself at write time), and returns the attempt: the cart read and its conditional write.
    /// </summary>
    /// <param name="key">The cart.</param>
    /// <param name="ct">Cancels the read.</param>
    /// <returns>The attempt; the base disposes it.</returns>
    protected abstract Task<CartWrite> BeginWriteAsync(CartKey key, CancellationToken ct);

    /// <summary>
    /// The read-modify-write of every update: <see cref="BeginWriteAsync"/> reads the cart (or
    /// <see cref="CartSnapshot.Empty"/>), <paramref name="mutate"/> (which validates its result and may throw: then
    /// nothing is written) gives the next cart; when it returns its argument unchanged nothing is written and that cart is
    /// returned; otherwise the next cart is stamped (<see cref="Stamp"/>) and written with
    /// <see cref="CartWrite.TryWriteAsync"/>. A write that lost a race backs off (<see cref="RetryPolicy"/>) and starts
    /// over with a new read, until the policy's last attempt throws <see cref="CartConflictException"/>.
    /// </summary>
    /// <param name="key">The cart.</param>
    /// <param name="mutate">The change, with every rule applied.</param>
    /// <param name="ct">Cancels the operation.</param>
    /// <returns>The stored cart.</returns>
    protected Task<CartSnapshot> UpdateCoreAsync(CartKey key, Func<CartSnapshot, CartSnapshot> mutate, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(mutate);
        return RetryAsync(CartOperation.Update, key, () => TryUpdateAsync(key, mutate, ct), ct);
    }

    /// <summary>
    /// Runs <paramref name="attempt"/> until it is written (or had nothing to write), backing off after each lost race
    /// (<see cref="BackoffAsync"/>): the one retry loop of every backend's writes and moves.
    /// </summary>
    /// <typeparam name="T">What a written attempt returns.</typeparam>
    /// <param name="operation">The operation, for the retry metric.</param>
    /// <param name="key">The cart whose race was lost, named by the conflict.</param>
    /// <param name="attempt">One attempt: written (or nothing to write) with its result, or not written, with the cart it expected.</param>
    /// <param name="ct">Cancels the backoff.</param>
    /// <returns>The written attempt's result.</returns>
    protected async Task<T> RetryAsync<T>(CartOperation operation, CartKey key, Func<Task<(bool Written, T Value, CartSnapshot Expected)>> attempt, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        for (var number = 1; ; number++)
        {
            var result = await attempt().ConfigureAwait(false);
            if (result.Written)
            {
                return result.Value;
            }

            await BackoffAsync(operation, key, number, result.Expected, ct).ConfigureAwait(false);
        }
    }

    private async Task<(bool Written, CartSnapshot Value, CartSnapshot Expected)> TryUpdateAsync(CartKey key, Func<CartSnapshot, CartSnapshot> mutate, CancellationToken ct)
    {
        var write = await BeginWriteAsync(key, ct).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"{GetType().Name}.BeginWriteAsync returned null; return the attempt (a CartWrite).");
        await using (write.ConfigureAwait(false))
        {
            var current = write.Current;
            var next = mutate(current);
            if (ReferenceEquals(next, current))
            {
                return (true, current, current);
            }

            var stamped = Stamp(current, next);
            return (await write.TryWriteAsync(stamped, ct).ConfigureAwait(false), stamped, current);
        }
    }

    /// <summary>
    /// After attempt <paramref name="attempt"/> (1-based) lost the race against <paramref name="expected"/>: waits the
    /// <see cref="RetryPolicy"/>'s delay (exponential backoff with full jitter), recording the retry metric and a debug
    /// line; after the policy's last attempt, logs a warning and throws <see cref="CartConflictException"/> against the
    /// stored cart.
    /// </summary>
    /// <param name="operation">The operation, for the retry metric.</param>
    /// <param name="key">The cart whose race was lost.</param>
    /// <param name="attempt">The attempt that lost (1-based).</param>
    /// <param name="expected">The cart the attempt expected.</param>
    /// <param name="ct">Cancels the wait.</param>
    /// <returns>A task that completes when the next attempt may start.</returns>
    protected async Task BackoffAsync(CartOperation operation, CartKey key, int attempt, CartSnapshot expected, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(expected);
        var retry = RetryPolicy;
        if (attempt >= retry.MaxAttempts)
        {
            Log.GaveUp(Logger, key.Instance, attempt, retry.Section);
            throw Conflict(key, expected, await ReadForConflictAsync(key, ct).ConfigureAwait(false) ?? CartSnapshot.Empty);
        }

        var delay = retry.Delay(attempt);
        Telemetry.Retrying(Capabilities.Backend, operation);
        Log.Retrying(Logger, key.Instance, expected.Version, attempt, delay.TotalMilliseconds);
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
