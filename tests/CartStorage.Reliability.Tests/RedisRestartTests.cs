using Microsoft.Extensions.Caching.StackExchangeRedis;
using Xunit.Abstractions;

namespace CartStorage.Reliability.Tests;

/// <summary>
/// redis-server killed (SIGKILL) and started again mid-run under a CacheStorage over Microsoft's RedisCache: every
/// acknowledged write is there afterwards, the rest failed with an exception, and the same storage object recovers
/// by itself. The control run without persistence shows the check catches acknowledged writes that are gone.
/// </summary>
public sealed class RedisRestartTests(ITestOutputHelper output)
{
    /// <summary>How long the server stays down.</summary>
    private static readonly TimeSpan Downtime = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task With_appendfsync_always_no_acknowledged_write_is_lost_and_the_storage_recovers_by_itself()
    {
        var result = await RunAsync(appendOnly: true);

        result.Acknowledgements.Failures.Should().NotBeEmpty("the server was down for {0}, so some writes must have failed", Downtime);
        result.AcknowledgedAfterRecovery.Should().BeGreaterThanOrEqualTo(FaultRun.AcknowledgedPerPhase);
        result.Missing.Should().BeEmpty("every acknowledged write must survive the restart");
    }

    [Fact]
    public async Task Control_without_persistence_the_same_check_finds_acknowledged_writes_missing()
    {
        var result = await RunAsync(appendOnly: false);

        result.Missing.Should().HaveCountGreaterThanOrEqualTo(result.AcknowledgedBeforeFault, "a killed redis-server without AOF or RDB comes back empty");
    }

    private async Task<(Acknowledgements Acknowledgements, int AcknowledgedBeforeFault, int AcknowledgedAfterRecovery, IReadOnlyList<string> Missing)> RunAsync(bool appendOnly)
    {
        await using var server = await RedisServerProcess.StartAsync(appendOnly);
        await using var redis = await server.ConnectAsync();
        // Not disposed: RedisCache.Dispose would close the connection, which this test disposes itself.
        var cache = new RedisCache(new RedisCacheOptions { ConnectionMultiplexerFactory = () => Task.FromResult<StackExchange.Redis.IConnectionMultiplexer>(redis) });
        var storage = new CacheStorage(cache, Microsoft.Extensions.Options.Options.Create(new CartStorageOptions { KeyPrefix = "faults" }));

        var result = await FaultRun.RunAsync(storage, async () =>
        {
            await server.KillAsync();
            await Task.Delay(Downtime);
            await server.StartAsync();
        });

        var missing = await result.Acknowledgements.MissingAsync(storage);
        output.WriteLine(
            $"appendonly={(appendOnly ? "yes" : "no")}: {result.Acknowledgements.Count} acknowledged ({result.AcknowledgedBeforeFault} before the kill, {result.AcknowledgedAfterRecovery} after the restart), "
            + $"{result.Acknowledgements.Failures.Count} failed ({string.Join(", ", result.Acknowledgements.Failures.Select(f => f.GetType().Name).Distinct())}), {missing.Count} acknowledged but missing, {result.Elapsed.TotalSeconds:F1} s");
        return (result.Acknowledgements, result.AcknowledgedBeforeFault, result.AcknowledgedAfterRecovery, missing);
    }
}
