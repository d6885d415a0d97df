using CartStorage.Testing;
using StackExchange.Redis;

namespace CartStorage.Redis.Tests.Store;

/// <summary>
/// Five separate OS processes (tests/CartStorage.Worker) writing one cart through RedisStorage, configured the way an
/// application would be (<c>CART_STORAGE_DRIVER=Redis</c>, <c>Cart__Redis__Configuration</c>); no lock anywhere.
/// </summary>
public abstract class RedisStoreMultiProcessTests
{
    private static readonly TimeSpan WorkerBound = TimeSpan.FromMinutes(3);

    private readonly string prefix = "m" + Guid.NewGuid().ToString("N")[..12];
    private readonly string id = CartData.NewIdentifier();

    protected abstract string Endpoint { get; }

    protected abstract Task<IConnectionMultiplexer> ConnectAsync();

    [Fact]
    public async Task Five_processes_times_200_increments_of_one_cart_make_exactly_1000()
    {
        var workers = Enumerable.Range(0, 5).Select(_ => Start("increment", "--count", "200")).ToList();

        await WorkerProcess.WaitAllAsync(workers, WorkerBound);

        workers.Sum(w => w.Acknowledged).Should().Be(1000);
        RedisStores.Quantity(await ReadAsync()).Should().Be(1000);
    }

    [Fact]
    public async Task Five_processes_adding_different_items_keep_every_item()
    {
        var workers = Enumerable.Range(0, 5).Select(p => Start("add", "--item", $"p{p}", "--count", "40")).ToList();

        await WorkerProcess.WaitAllAsync(workers, WorkerBound);

        var expected = Enumerable.Range(0, 5).SelectMany(p => Enumerable.Range(1, 40).Select(i => $"p{p}-{i}"));
        (await ReadAsync())!.Items.Select(i => i.Id).Should().BeEquivalentTo(expected);
    }

    private WorkerProcess Start(string command, params string[] arguments) =>
        WorkerProcess.Start(
            [command, "--identifier", id, .. arguments],
            new Dictionary<string, string>
            {
                ["CART_STORAGE_DRIVER"] = "Redis",
                ["Cart__KeyPrefix"] = prefix,
                ["Cart__Redis__Configuration"] = Endpoint,
                // Five processes on one cart on a loaded 2-core machine: room for long losing streaks.
                ["Cart__Redis__Retry__MaxAttempts"] = "1000",
            });

    private async Task<CartSnapshot?> ReadAsync() => await RedisStores.Create(await ConnectAsync(), prefix).GetAsync(id, RedisStores.Default);

}

/// <summary>The multi-process proofs on a single redis-server.</summary>
public sealed class RedisStoreMultiProcessSingleServerTests : RedisStoreMultiProcessTests
{
    protected override string Endpoint => TestServers.RedisEndpoint;

    protected override Task<IConnectionMultiplexer> ConnectAsync() => TestServers.RedisAsync();
}

/// <summary>The multi-process proofs on the 3-primary Redis Cluster.</summary>
public sealed class RedisStoreMultiProcessClusterTests : RedisStoreMultiProcessTests
{
    protected override string Endpoint => TestServers.RedisClusterEndpoint;

    protected override Task<IConnectionMultiplexer> ConnectAsync() => TestServers.RedisClusterAsync();
}
