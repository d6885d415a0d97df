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
/// with <see cref="OperationCanceledException"/>. Unreachable lock servers look like a contended lock: the caller
/// gets <see cref="CartLockTimeoutException"/> after the timeout, and nothing is written.
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

        // One quorum attempt per CreateLockAsync call: the wait loop with short, jittered pauses is ours.
        factory = RedLockFactory.Create(
            [.. connections.Select(c => new RedLockMultiplexer(c))],
            new RedLockRetryConfiguration(retryCount: 1, retryDelayMs: (int)RedisLockingOptionsValidator.MinimumRetryInterval.TotalMilliseconds),
            new QuietRedLockLoggerFactory(loggerFactory));
    }

    /// <inheritdoc />
    public async Task<ICartLock> AcquireAsync(string resource, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(resource);
        var waitStarted = Stopwatch.GetTimestamp();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var attemptStarted = Stopwatch.GetTimestamp();

            // A lock that was not acquired has no renewal timer, and RedLock.net already released the masters it won,
            // so only an acquired one needs disposing.
            var redLock = await factory.CreateLockAsync(resource, lease).ConfigureAwait(false);
            if (redLock.IsAcquired)
            {
                return new RedLockCartLock(redLock, attemptStarted, lease);
            }

            var waited = Stopwatch.GetElapsedTime(waitStarted);
            if (waited >= timeout)
            {
                Log.TimedOut(logger, resource, timeout, redLock.Status);
                throw new CartLockTimeoutException(
                    $"The cart lock '{resource}' was not acquired within Cart:Cache:LockTimeout ({timeout}); last RedLock status: {redLock.Status} "
                    + $"({(redLock.Status == RedLockStatus.NoQuorum ? "a majority of the lock servers did not answer" : "another writer holds it")}). Nothing was written.",
                    timeout);
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

    /// <summary>
    /// Connects to the lock servers of a <c>Cart:Redis:Configuration</c> value: StackExchange.Redis configuration
    /// strings of independent masters separated by <c>;</c>. The provider owns these connections.
    /// </summary>
    internal static RedLockCartLockProvider Connect(string configuration, RedisLockingOptions options, ILoggerFactory? loggerFactory)
    {
        var masters = ParseMasters(configuration).Select(master =>
        {
            // A master that is down at startup must not stop the application: the quorum decides per lock.
            master.AbortOnConnectFail = false;
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

        return [.. parts.Select(part =>
        {
            try
            {
                return ConfigurationOptions.Parse(part);
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"Cart:Redis:Configuration part '{part}' is not a StackExchange.Redis configuration: {e.Message}", nameof(configuration), e);
            }
        })];
    }
}
