using CartStorage.Testing;
using StackExchange.Redis;
using StackExchange.Redis.Profiling;

namespace CartStorage.Redis.Tests.Store;

/// <summary>
/// The commands an uncontended operation sends, counted by StackExchange.Redis's profiler on a connection of its own:
/// a read is one round trip (the cart and whether it has a pending move, <c>HMGET</c> and <c>EXISTS</c> in one batch), an
/// update two (the read and the conditional write), with no flush generation or index read.
/// </summary>
public sealed class RoundTripTests
{
    [Fact]
    public async Task Get_is_one_batch_and_update_two_round_trips()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(TestServers.RedisEndpoint);
        var session = new ProfilingSession();
        redis.RegisterProfiler(() => session);
        var storage = RedisStores.Create(redis, "r" + Guid.NewGuid().ToString("N")[..12]);
        var id = CartData.NewIdentifier();
        await storage.AddItemAsync(id, RedisStores.Default, CartData.Item("a"));
        session.FinishProfiling();

        (await CommandsAsync(session, () => storage.GetAsync(id, RedisStores.Default))).Should().Equal("HMGET", "EXISTS");
        (await CommandsAsync(session, () => storage.AddItemAsync(id, RedisStores.Default, CartData.Item("a")))).Should().Equal("HMGET", "EXISTS", "EVALSHA");
    }

    private static async Task<string[]> CommandsAsync(ProfilingSession session, Func<Task> operation)
    {
        await operation();
        return [.. session.FinishProfiling().Select(c => c.Command)];
    }
}
