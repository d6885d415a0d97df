using CartStorage.Testing;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Options;

namespace CartStorage.Tests;

/// <summary>The multi-process harness itself: a worker process writes through the public API and its acks match the store.</summary>
public sealed class WorkerHarnessTests
{
    [Fact]
    public async Task A_worker_process_increments_a_cart_in_redis_and_acknowledges_each_write()
    {
        var prefix = "w" + Guid.NewGuid().ToString("N")[..8];
        await using var worker = WorkerProcess.Start(
            ["increment", "--identifier", "user:1", "--count", "25"],
            new Dictionary<string, string> { ["WORKER_REDIS_CACHE"] = TestServers.RedisEndpoint, ["Cart__KeyPrefix"] = prefix });

        await worker.WaitForExitAsync(TimeSpan.FromMinutes(2));

        worker.ExitCode.Should().Be(0, worker.Errors);
        worker.Acknowledged.Should().Be(25);
        var redis = await TestServers.RedisAsync();
        var storage = new CacheStorage(
            new RedisCache(new RedisCacheOptions { ConnectionMultiplexerFactory = () => Task.FromResult(redis) }),
            Options.Create(new CartStorageOptions { KeyPrefix = prefix }));
        (await storage.GetItemsAsync("user:1", "default")).Should().ContainSingle().Which.Quantity.Should().Be(25);
    }

    [Fact]
    public async Task A_bench_worker_starts_on_the_start_file_reports_each_latency_and_a_quantity_reader_sees_its_writes()
    {
        var environment = new Dictionary<string, string> { ["WORKER_REDIS_CACHE"] = TestServers.RedisEndpoint, ["Cart__KeyPrefix"] = "w" + Guid.NewGuid().ToString("N")[..8] };
        var startFile = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"));
        await using var worker = WorkerProcess.Start(["bench", "--identifier", "user:1", "--count", "20", "--start-file", startFile], environment);

        await worker.WaitForLineAsync("ready", TimeSpan.FromMinutes(2));
        worker.Acknowledged.Should().Be(0, "nothing is measured before the start file exists");
        await File.WriteAllTextAsync(startFile, "go");
        await worker.WaitForExitAsync(TimeSpan.FromMinutes(2));
        File.Delete(startFile);

        worker.ExitCode.Should().Be(0, worker.Errors);
        var acks = worker.Lines.Where(l => l.StartsWith("ack ", StringComparison.Ordinal)).Select(l => l.Split(' ')).ToList();
        acks.Should().HaveCount(20).And.OnlyContain(a => a.Length == 4 && double.Parse(a[2], System.Globalization.CultureInfo.InvariantCulture) > 0 && a[3] == "1");
        worker.Lines.Should().ContainSingle(l => l.StartsWith("elapsed ", StringComparison.Ordinal));
        await using var reader = WorkerProcess.Start(["quantity", "--identifier", "user:1"], environment);
        await reader.WaitForExitAsync(TimeSpan.FromMinutes(2));
        reader.Lines.Should().Contain("quantity 20", reader.Errors);
    }

    [Fact]
    public async Task A_worker_with_a_malformed_environment_override_fails_naming_the_variable()
    {
        await using var worker = WorkerProcess.Start(
            ["increment", "--identifier", "user:1"],
            new Dictionary<string, string> { ["CART_CACHE_LOCKING"] = "maybe" });

        await worker.WaitForExitAsync(TimeSpan.FromMinutes(2));

        worker.ExitCode.Should().NotBe(0);
        worker.Errors.Should().Contain("CART_CACHE_LOCKING");
    }
}
