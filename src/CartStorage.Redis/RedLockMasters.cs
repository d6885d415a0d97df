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
        foreach (var connection in connections)
        {
            connection.ConnectionFailed += (_, e) => lastFailure = e.Exception ?? lastFailure;
        }
    }

    /// <summary>The driver's exception of the last connection failure of any lock server, if any.</summary>
    public Exception? LastFailure => lastFailure;

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
}
