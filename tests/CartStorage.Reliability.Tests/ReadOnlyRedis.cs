using StackExchange.Redis;

namespace CartStorage.Reliability.Tests;

/// <summary>
/// A redis-server that refuses writes, and the primary it replicates: either a replica from the start
/// (<c>--replicaof</c>), or a primary that clients connect to and write through until <see cref="MakeReadOnlyAsync"/>
/// demotes it at run time (<c>REPLICAOF</c>), as a failover does to the old primary.
/// </summary>
internal sealed class ReadOnlyRedis : IAsyncDisposable
{
    private readonly bool demoteAtRunTime;

    private ReadOnlyRedis(RedisServerProcess primary, RedisServerProcess server, bool demoteAtRunTime)
    {
        Primary = primary;
        Server = server;
        this.demoteAtRunTime = demoteAtRunTime;
    }

    /// <summary>The writable server: where anything written would land.</summary>
    public RedisServerProcess Primary { get; }

    /// <summary>The server that refuses writes (once <see cref="MakeReadOnlyAsync"/> has run).</summary>
    public RedisServerProcess Server { get; }

    public static async Task<ReadOnlyRedis> StartAsync(bool demoteAtRunTime)
    {
        var primary = await RedisServerProcess.StartAsync(appendOnly: false);
        var server = demoteAtRunTime ? await RedisServerProcess.StartAsync(appendOnly: false) : await RedisServerProcess.StartReplicaAsync(primary);
        return new ReadOnlyRedis(primary, server, demoteAtRunTime);
    }

    /// <summary>Demotes <see cref="Server"/> to a replica of <see cref="Primary"/> if it is not one yet, then waits until it holds every write of the primary.</summary>
    public async Task MakeReadOnlyAsync(IConnectionMultiplexer primary)
    {
        if (demoteAtRunTime)
        {
            await Server.CommandAsync("REPLICAOF", "127.0.0.1", Primary.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        // WAIT answers how many replicas acknowledged every write so far: 0 until the replica has synchronised.
        for (var attempt = 0; ; attempt++)
        {
            var acknowledged = (long)await primary.GetDatabase().ExecuteAsync("WAIT", 1, 200);
            if (acknowledged >= 1)
            {
                return;
            }

            if (attempt == 100)
            {
                throw new TimeoutException("The read-only server did not synchronise with its primary.");
            }
        }
    }

    /// <summary>Every key and value on the primary (DUMP), to show that nothing was written there.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> ContentAsync(IConnectionMultiplexer primary)
    {
        var server = primary.GetServers().Single();
        var db = primary.GetDatabase();
        var content = new Dictionary<string, string>();
        await foreach (var key in server.KeysAsync(pattern: "*"))
        {
            content[(string)key!] = Convert.ToBase64String((byte[])(await db.KeyDumpAsync(key))!);
        }

        return content;
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await Primary.DisposeAsync();
    }
}
