using CartStorage.Redis;
using Xunit.Abstractions;

namespace CartStorage.Reliability.Tests;

/// <summary>
/// redis-server with <c>appendfsync always</c> killed (SIGKILL) and started again mid-run under a
/// <see cref="RedisStorage"/>: every acknowledged write is there afterwards, every failed one failed with
/// <see cref="CartStorageUnavailableException"/> (the driver's exception inside), and the same storage object recovers
/// by itself. The control run without persistence is <see cref="RedisRestartTests"/>' (same harness).
/// </summary>
public sealed class RedisStoreRestartTests(ITestOutputHelper output)
{
    [Fact]
    public async Task With_appendfsync_always_no_acknowledged_write_is_lost_and_failures_are_reported_as_unavailable()
    {
        await using var server = await RedisServerProcess.StartAsync(appendOnly: true);
        await using var redis = await server.ConnectAsync();
        var storage = new RedisStorage(
            redis,
            Microsoft.Extensions.Options.Options.Create(new CartStorageOptions { KeyPrefix = "faults" }),
            Microsoft.Extensions.Options.Options.Create(new CartRedisOptions()));

        var result = await FaultRun.RunAsync(storage, async () =>
        {
            await server.KillAsync();
            await Task.Delay(TimeSpan.FromSeconds(1));
            await server.StartAsync();
        });

        var missing = await result.Acknowledgements.MissingAsync(storage);
        var failures = result.Acknowledgements.Failures;
        output.WriteLine($"{result.Acknowledgements.Count} acknowledged ({result.AcknowledgedBeforeFault} before the kill, {result.AcknowledgedAfterRecovery} after the restart), "
            + $"{failures.Count} failed ({string.Join(", ", failures.Select(f => $"{f.GetType().Name}/{f.InnerException?.GetType().Name}").Distinct())}), {missing.Count} acknowledged but missing");
        failures.Should().NotBeEmpty().And.AllBeOfType<CartStorageUnavailableException>();
        result.AcknowledgedAfterRecovery.Should().BeGreaterThanOrEqualTo(FaultRun.AcknowledgedPerPhase);
        missing.Should().BeEmpty();
    }
}
