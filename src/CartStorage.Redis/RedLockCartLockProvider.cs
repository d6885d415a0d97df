using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RedLockNet;
using RedLockNet.SERedis;
using RedLockNet.SERedis.Configuration;
using StackExchange.Redis;

namespace CartStorage.Redis;

/// <summary>
/// Cart locks over RedLock.net: one Redis key per lock resource, set with <c>SET NX PX lease</c> on a majority of
/// independent Redis masters, renewed by RedLock.net every half lease while held, released (compare-and-delete) on
/// dispose.
/// </summary>
/// <remarks>
/// <para>
/// Waiting for a contended lock retries single RedLock attempts every <see cref="RedisLockingOptions.RetryInterval"/>
/// (with jitter) until the timeout, then throws <see cref="CartLockTimeoutException"/>; cancellation stops the wait
/// with <see cref="OperationCanceledException"/>. When a majority of the lock servers cannot be reached, the caller gets
/// <see cref="CartStorageUnavailableException"/> (not <see cref="CartLockTimeoutException"/>) once the timeout has
/// passed; so does a lock server that answers but refuses writes (a replica, a primary demoted by a failover, a server
/// still loading its data), with a message saying so. No single attempt is allowed to run past the timeout. Nothing is written in either case. The "masters" must
/// be independent servers: nodes of one Redis Cluster are refused with <see cref="InvalidOperationException"/>.
/// </para>
/// <para>
/// <see cref="ICartLock.IsHeld"/> turns <see langword="false"/> when RedLock.net fails to renew the lease, and also when
/// the process cannot prove the lease is still running from its own clock (it was paused longer than the lease
/// allows). Neither check closes the gap between the check and the write: see CACHE_LOCKING.md.
/// </para>
/// </remarks>
public sealed partial class RedLockCartLockProvider : ICartLockProvider, IDisposable, IAsyncDisposable
{
    private readonly RedLockFactory factory;
    private readonly IReadOnlyList<IConnectionMultiplexer> ownedConnections;
    private readonly TimeSpan lease;
    private readonly TimeSpan retryInterval;
    private readonly ILogger logger;
    private readonly RedLockMasters lockServers;

    /// <summary>Creates the provider over connections the caller owns (they are not disposed by the provider).</summary>
    /// <param name="masters">One connection per independent Redis master; a lock needs a majority of them.</param>
    /// <param name="options">Lease and retry interval; the defaults when <see langword="null"/>.</param>
    /// <param name="loggerFactory">Logs of the provider and of RedLock.net.</param>
    /// <exception cref="ArgumentException"><paramref name="masters"/> is empty or <paramref name="options"/> is invalid.</exception>
    public RedLockCartLockProvider(IEnumerable<IConnectionMultiplexer> masters, RedisLockingOptions? options = null, ILoggerFactory? loggerFactory = null)
        : this(masters, owned: false, options, loggerFactory)
    {
    }

    private RedLockCartLockProvider(IEnumerable<IConnectionMultiplexer> masters, bool owned, RedisLockingOptions? options, ILoggerFactory? loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(masters);
        var connections = masters.ToArray();
        if (connections.Length == 0 || connections.Any(c => c is null))
        {
            throw new ArgumentException("At least one Redis connection, and no null one, is needed for locking.", nameof(masters));
        }

        options ??= new RedisLockingOptions();
        if (new RedisLockingOptionsValidator().Validate(null, options) is { Failed: true } invalid)
        {
            throw new ArgumentException(invalid.FailureMessage, nameof(options));
        }

        loggerFactory ??= NullLoggerFactory.Instance;
        lease = options.Lease;
        retryInterval = options.RetryInterval;
        logger = loggerFactory.CreateLogger<RedLockCartLockProvider>();
        ownedConnections = owned ? connections : [];
        lockServers = new RedLockMasters(connections);
        lockServers.EnsureIndependent();

        // One quorum attempt per CreateLockAsync call: the wait loop with short, jittered pauses is ours.
        factory = RedLockFactory.Create(
            [.. connections.Select(c => new RedLockMultiplexer(c))],
            new RedLockRetryConfiguration(retryCount: 1, retryDelayMs: (int)RedisLockingOptionsValidator.MinimumRetryInterval.TotalMilliseconds),
            new QuietRedLockLoggerFactory(loggerFactory));
    }

    /// <inheritdoc />
    /// <exception cref="CartStorageUnavailableException">
    /// A majority of the lock servers could not be reached, or did not answer, within <paramref name="timeout"/>.
    /// </exception>
    /// <exception cref="InvalidOperationException">The "masters" are nodes of one Redis Cluster, not independent servers.</exception>
    public async Task<ICartLock> AcquireAsync(string resource, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(resource);
        var waitStarted = Stopwatch.GetTimestamp();
        RedLockStatus? lastStatus = null;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            lockServers.EnsureIndependent();
            var attemptStarted = Stopwatch.GetTimestamp();

            // One attempt never outlives the wait by more than one connect timeout: with lock servers down, a connection
            // that queues commands until its own (longer) command timeout would otherwise hold the caller far past LockTimeout.
            var attempt = factory.CreateLockAsync(resource, lease);
            var remaining = timeout - Stopwatch.GetElapsedTime(waitStarted);
            if (!await Completes(attempt, remaining + lockServers.ConnectTimeout, cancellationToken).ConfigureAwait(false))
            {
                // No answer in time: busy if the servers answered "held" before, unreachable if they never answered.
                throw lastStatus is null or RedLockStatus.NoQuorum
                    ? await UnreachableAsync(timeout, lastStatus).ConfigureAwait(false)
                    : Busy(timeout, lastStatus.Value);
            }

            // A lock that was not acquired has no renewal timer, and RedLock.net already released the masters it won,
            // so only an acquired one needs disposing.
            var redLock = await attempt.ConfigureAwait(false);
            if (redLock.IsAcquired)
            {
                return new RedLockCartLock(redLock, attemptStarted, lease);
            }

            lastStatus = redLock.Status;
            var waited = Stopwatch.GetElapsedTime(waitStarted);
            if (waited >= timeout)
            {
                throw redLock.Status == RedLockStatus.NoQuorum
                    ? await UnreachableAsync(timeout, redLock.Status).ConfigureAwait(false)
                    : Busy(timeout, redLock.Status);
            }

            var pause = retryInterval * (0.5 + Random.Shared.NextDouble());
            await Task.Delay(pause < timeout - waited ? pause : timeout - waited, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Disposes the connections the provider opened itself (none when it was given connections).</summary>
    public void Dispose()
    {
        foreach (var connection in ownedConnections)
        {
            connection.Dispose();
        }
    }

    /// <summary>Disposes the connections the provider opened itself (none when it was given connections).</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var connection in ownedConnections)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private CartLockTimeoutException Busy(TimeSpan timeout, RedLockStatus status)
    {
        Log.TimedOut(logger, timeout, status);
        return new CartLockTimeoutException(
            $"The cart lock was not acquired within Cart:Cache:LockTimeout ({timeout}): another writer holds it (last RedLock status: {status}). Nothing was written.",
            timeout);
    }

    /// <summary>
    /// Whether <paramref name="attempt"/> completes within <paramref name="bound"/>. If it does not, a lock it acquires
    /// later is released at once, so an abandoned attempt never leaves a lock (and its renewal timer) behind.
    /// </summary>
    private static async Task<bool> Completes(Task<IRedLock> attempt, TimeSpan bound, CancellationToken cancellationToken)
    {
        try
        {
            await attempt.WaitAsync(bound > TimeSpan.Zero ? bound : TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            _ = attempt.ContinueWith(static t => t.Result.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
            cancellationToken.ThrowIfCancellationRequested();
            return false;
        }
    }

    private async Task<CartStorageUnavailableException> UnreachableAsync(TimeSpan timeout, RedLockStatus? status)
    {
        var (connected, total) = lockServers.Connected();
        if (await lockServers.RefusalAsync().ConfigureAwait(false) is { } refused)
        {
            var reason = RedisFailures.Refusal(refused)!;
            Log.Refused(logger, timeout, connected, total, reason);
            return CartStorageUnavailableException.Create(
                "The cart lock servers",
                CartStoreFailureKind.Refused,
                $"{reason}; {connected} of {total} lock servers connected, and the cart lock was not taken within Cart:Cache:LockTimeout ({timeout})",
                refused);
        }

        Log.Unreachable(logger, timeout, connected, total, status?.ToString() ?? "no answer");
        return CartStorageUnavailableException.Create(
            "The cart lock servers",
            CartStoreFailureKind.Unreachable,
            $"{connected} of {total} lock servers connected, and no majority answered within Cart:Cache:LockTimeout ({timeout})",
            await lockServers.FailureAsync().ConfigureAwait(false));
    }

    /// <summary>
    /// Connects to the lock servers of a <c>Cart:Redis:Configuration</c> value: StackExchange.Redis configuration
    /// strings of independent masters separated by <c>;</c>. The provider owns these connections.
    /// </summary>
    internal static RedLockCartLockProvider Connect(string configuration, RedisLockingOptions options, ILoggerFactory? loggerFactory)
    {
        var masters = ParseMasters(configuration).Select(master =>
        {
            // A master that is down at startup must not stop the application: the quorum decides per lock. A command to a
            // master that is down fails at once instead of waiting in a backlog, so the lock wait stays within LockTimeout.
            master.AbortOnConnectFail = false;
            master.BacklogPolicy = BacklogPolicy.FailFast;
            return (IConnectionMultiplexer)ConnectionMultiplexer.Connect(master);
        });
        return new RedLockCartLockProvider(masters, owned: true, options, loggerFactory);
    }

    /// <summary>Parses a <c>Cart:Redis:Configuration</c> value; throws <see cref="ArgumentException"/> naming the key when malformed.</summary>
    internal static ConfigurationOptions[] ParseMasters(string configuration)
    {
        var parts = configuration.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0)
        {
            throw new ArgumentException("Cart:Redis:Configuration is empty; set it to a Redis endpoint such as 'localhost:6379', or several masters separated by ';'.", nameof(configuration));
        }

        return [.. parts.Select((part, i) => RedisStorageConnection.Parse(part, parts.Length == 1 ? "Cart:Redis:Configuration" : $"Cart:Redis:Configuration (lock server {i + 1} of {parts.Length})"))];
    }
}
