using StackExchange.Redis;

namespace CartStorage.Redis;

/// <summary>
/// The lock servers of a <see cref="RedLockCartLockProvider"/>: checks that they are independent masters, counts the
/// connected ones and keeps the last connection failure (the driver's exception for
/// <see cref="CartStorageUnavailableException"/>; RedLock.net itself only logs it).
/// </summary>
internal sealed class RedLockMasters
{
    private readonly IConnectionMultiplexer[] connections;
    private Exception? lastFailure;
    private volatile bool verified;

    public RedLockMasters(IConnectionMultiplexer[] connections)
    {
        this.connections = connections;
        ConnectTimeout = TimeSpan.FromMilliseconds(connections.Max(ConnectTimeoutMilliseconds));
        foreach (var connection in connections)
        {
            connection.ConnectionFailed += (_, e) => lastFailure = e.Exception ?? lastFailure;
        }
    }

    /// <summary>The longest connect timeout of the lock servers' connections: how far one lock attempt may run past LockTimeout.</summary>
    public TimeSpan ConnectTimeout { get; }

    /// <summary>How long <see cref="FailureAsync"/> waits for a disconnected server to fail a PING.</summary>
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// The driver's exception for an unreachable lock server: the last connection failure seen, or else the one a PING
    /// to a disconnected server fails with (a connection that fails fast answers at once; one that queues commands is
    /// given <see cref="ProbeTimeout"/>). <see langword="null"/> when neither shows one.
    /// </summary>
    public async Task<Exception?> FailureAsync()
    {
        if (lastFailure is { } seen)
        {
            return seen;
        }

        foreach (var connection in connections.Where(c => !c.IsConnected))
        {
            try
            {
                await connection.GetDatabase().PingAsync().WaitAsync(ProbeTimeout).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Queued, not failed: no exception to show from this server.
            }
            catch (Exception e) when (e is RedisException)
            {
                return e;
            }
        }

        return null;
    }

    /// <summary>
    /// The driver's exception of a connected lock server that answers but refuses writes (a replica, a primary demoted by
    /// a failover, a server loading its data; RedLock.net only logs it), found with a write that writes nothing: a
    /// <c>DEL</c> of a key that does not exist. <see langword="null"/> when no connected server refuses one.
    /// </summary>
    public async Task<Exception?> RefusalAsync()
    {
        RedisKey probe = "cart-lock-probe:" + Guid.NewGuid().ToString("N");
        foreach (var connection in connections.Where(c => c.IsConnected))
        {
            try
            {
                await connection.GetDatabase().KeyDeleteAsync(probe, CommandFlags.DemandMaster).WaitAsync(ProbeTimeout).ConfigureAwait(false);
            }
            catch (Exception e) when (RedisFailures.Refusal(e) is not null)
            {
                return e;
            }
            catch (Exception e) when (e is TimeoutException or RedisException)
            {
                // Not a refusal: unreachable or slow, which FailureAsync reports.
            }
        }

        return null;
    }

    public (int Connected, int Total) Connected() => (connections.Count(c => c.IsConnected), connections.Length);

    /// <summary>
    /// Throws <see cref="InvalidOperationException"/> when a connected lock server is a Redis Cluster node: RedLock needs
    /// independent masters, and several nodes of one cluster route a lock key to the same node, so every lock would
    /// fail as "conflicted". Checked until every server has been seen connected once.
    /// </summary>
    public void EnsureIndependent()
    {
        if (verified)
        {
            return;
        }

        var all = true;
        foreach (var server in connections.SelectMany(c => c.GetServers()))
        {
            if (!server.IsConnected)
            {
                all = false;
            }
            else if (server.ServerType == ServerType.Cluster)
            {
                throw new InvalidOperationException(
                    $"Cart:Redis:Configuration gives RedLock a node of a Redis Cluster ({server.EndPoint}) as a lock server. RedLock needs independent Redis masters "
                    + "(separate servers, not nodes of one cluster): nodes of one cluster route a lock key to the same node, so every lock would fail as held by another writer. "
                    + "List independent servers separated by ';', or a single server.");
            }
        }

        verified = all;
    }

    private static int ConnectTimeoutMilliseconds(IConnectionMultiplexer connection)
    {
        try
        {
            return ConfigurationOptions.Parse(connection.Configuration).ConnectTimeout;
        }
        catch (ArgumentException)
        {
            // A connection built from options that print no parsable configuration: StackExchange.Redis's default.
            return 5000;
        }
    }
}
