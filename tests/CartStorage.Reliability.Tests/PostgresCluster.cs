using Npgsql;

namespace CartStorage.Reliability.Tests;

/// <summary>
/// A throwaway PostgreSQL cluster of the test's own (initdb in a temp directory, as scripts/test.sh does, but with
/// fsync on so a committed write survives a crash), on a free loopback port, that the test stops and starts again.
/// The shared server of the test run is never touched.
/// </summary>
internal sealed class PostgresCluster : IAsyncDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(90);
    private readonly string root = Path.Combine(Path.GetTempPath(), "cart-faults", "pg-" + Guid.NewGuid().ToString("N"));

    private PostgresCluster()
    {
    }

    public int Port { get; } = Loopback.FreePort();

    public string ConnectionString => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Database = "postgres",
        Timeout = 3,
        CommandTimeout = 5,
    }.ConnectionString;

    private string Data => Path.Combine(root, "data");

    public static async Task<PostgresCluster> CreateAsync()
    {
        var cluster = new PostgresCluster();
        Directory.CreateDirectory(cluster.Data);
        Directory.CreateDirectory(Path.Combine(cluster.root, "sock"));
        await Loopback.RunAsync("chown", ["-R", "postgres:postgres", cluster.root], CommandTimeout);
        await AsPostgresAsync("initdb", "-D", cluster.Data, "-U", "postgres", "--auth=trust", "-E", "UTF8");
        await cluster.StartAsync();
        return cluster;
    }

    public Task StartAsync() => AsPostgresAsync(
        "pg_ctl", "-D", Data, "-l", Path.Combine(root, "pg.log"), "-w", "-t", "60",
        "-o", $"-p {Port} -k {Path.Combine(root, "sock")} -c listen_addresses=127.0.0.1 -c max_connections=50",
        "start");

    /// <summary>Stops the server with <c>-m immediate</c>: no checkpoint, clients cut off, crash recovery at the next start.</summary>
    public Task StopImmediatelyAsync() => AsPostgresAsync("pg_ctl", "-D", Data, "-m", "immediate", "-w", "stop");

    public async ValueTask DisposeAsync()
    {
        if (File.Exists(Path.Combine(Data, "postmaster.pid")))
        {
            await StopImmediatelyAsync();
        }

        Directory.Delete(root, recursive: true);
    }

    private static Task AsPostgresAsync(string command, params string[] arguments)
    {
        if (!Environment.UserName.Equals("root", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The PostgreSQL fault test creates its own cluster with 'runuser -u postgres -- initdb', which needs root (as scripts/test.sh).");
        }

        return Loopback.RunAsync("runuser", ["-u", "postgres", "--", command, .. arguments], CommandTimeout);
    }
}
