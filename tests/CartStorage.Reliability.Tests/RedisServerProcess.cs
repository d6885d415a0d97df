using System.Diagnostics;
using StackExchange.Redis;

namespace CartStorage.Reliability.Tests;

/// <summary>
/// A redis-server of the test's own, on a free loopback port with a data directory of its own, that the test can kill
/// (SIGKILL: no shutdown save, like a crash) and start again on the same port and data.
/// </summary>
internal sealed class RedisServerProcess : IAsyncDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "cart-faults", "redis-" + Guid.NewGuid().ToString("N"));
    private readonly bool appendOnly;
    private readonly string[] extraArguments;
    private Process? process;

    private RedisServerProcess(bool appendOnly, params string[] extraArguments)
    {
        this.appendOnly = appendOnly;
        this.extraArguments = extraArguments;
        Directory.CreateDirectory(directory);
    }

    public int Port { get; } = Loopback.FreePort();

    public string Endpoint => $"127.0.0.1:{Port}";

    /// <summary>
    /// Starts a server. With <paramref name="appendOnly"/>, every write is in the append-only file before Redis answers
    /// (<c>appendonly yes</c>, <c>appendfsync always</c>); without, nothing survives a kill (no AOF, no RDB snapshots).
    /// </summary>
    public static async Task<RedisServerProcess> StartAsync(bool appendOnly = true)
    {
        var server = new RedisServerProcess(appendOnly);
        await server.StartAsync();
        return server;
    }

    /// <summary>Starts a node of a Redis Cluster (<c>cluster-enabled yes</c>), alone: enough for a client to see a cluster node.</summary>
    public static async Task<RedisServerProcess> StartClusterNodeAsync()
    {
        var server = new RedisServerProcess(appendOnly: false, "--cluster-enabled", "yes", "--cluster-config-file", "nodes-" + Guid.NewGuid().ToString("N") + ".conf");
        await server.StartAsync();
        return server;
    }

    /// <summary>Starts a replica of <paramref name="primary"/> (<c>--replicaof</c>), without persistence.</summary>
    public static async Task<RedisServerProcess> StartReplicaAsync(RedisServerProcess primary)
    {
        var server = new RedisServerProcess(appendOnly: false, "--replicaof", "127.0.0.1", primary.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await server.StartAsync();
        return server;
    }

    /// <summary>Stops the process where it is (SIGSTOP), as a stalled machine would: it answers nothing until <see cref="Resume"/>.</summary>
    public void Pause() => Signal("-STOP");

    /// <summary>Lets a paused process run again (SIGCONT).</summary>
    public void Resume() => Signal("-CONT");

    /// <summary>Starts the server (again) on the same port and data directory.</summary>
    public async Task StartAsync()
    {
        var info = new ProcessStartInfo(RedisServerBinary()) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
        {
            "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", directory,
            "--save", "", "--appendonly", appendOnly ? "yes" : "no", "--appendfsync", "always", "--logfile", Path.Combine(directory, "redis.log"),
        }.Concat(extraArguments))
        {
            info.ArgumentList.Add(argument);
        }

        process = Process.Start(info) ?? throw new InvalidOperationException("redis-server did not start.");
        await Loopback.WaitForListenerAsync(Port, TimeSpan.FromSeconds(20), "redis-server");
    }

    /// <summary>Kills the server at once (SIGKILL), as a crash would.</summary>
    public async Task KillAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        process?.Dispose();
        process = null;
    }

    /// <summary>A connection that reconnects quickly and fails fast while the server is down (no command backlog).</summary>
    public Task<ConnectionMultiplexer> ConnectAsync() => ConnectionMultiplexer.ConnectAsync(Configuration(Endpoint));

    public static ConfigurationOptions Configuration(string endpoint)
    {
        var options = ConfigurationOptions.Parse(endpoint);
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ConnectTimeout = 1000;
        options.SyncTimeout = 2000;
        options.AsyncTimeout = 2000;
        options.ReconnectRetryPolicy = new LinearRetry(100);
        return options;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        Directory.Delete(directory, recursive: true);
    }

    private void Signal(string signal)
    {
        using var kill = Process.Start("kill", [signal, (process ?? throw new InvalidOperationException("The server is not running.")).Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    private static string RedisServerBinary() =>
        File.Exists("/usr/bin/redis-server")
            ? "/usr/bin/redis-server"
            : throw new InvalidOperationException("The fault tests start their own redis-server and need /usr/bin/redis-server: 'apt-get install redis-server' (bash scripts/test.sh installs it).");
}
