using CartStorage.Testing;
using StackExchange.Redis;
using StackExchange.Redis.Profiling;

namespace CartStorage.Redis.Tests.Store;

/// <summary>
/// The commands an uncontended operation sends, counted by StackExchange.Redis's profiler on a connection of its own:
/// a read is one round trip (the cart and whether it has a pending move, <c>HMGET</c> and <c>EXISTS</c> in one batch), an
/// update two (the read and the conditional write), with no flush generation or index read; an item delta one (the delta
/// script, no read).
/// </summary>
public sealed class RoundTripTests
{
    [Fact]
    public async Task Get_is_one_batch_update_two_round_trips_and_a_delta_one()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(TestServers.RedisEndpoint);
        var session = new ProfilingSession();
        redis.RegisterProfiler(() => session);
        var storage = RedisStores.Create(redis, "r" + Guid.NewGuid().ToString("N")[..12]);
        var id = CartData.NewIdentifier();
        await storage.AddItemAsync(id, RedisStores.Default, CartData.Item("a"));
        await storage.UpdateAsync(id, RedisStores.Default, c => c); // both scripts known to the server (no NOSCRIPT below)
        await storage.PutItemsAsync(CartData.NewIdentifier(), RedisStores.Default, [CartData.Item("a")]);
        session.FinishProfiling();

        (await CommandsAsync(session, () => storage.GetAsync(id, RedisStores.Default))).Should().Equal("HMGET", "EXISTS");
        (await CommandsAsync(session, () => storage.UpdateAsync(id, RedisStores.Default, c => c with { Items = [.. c.Items, CartData.Item("b")] }))).Should().Equal("HMGET", "EXISTS", "EVALSHA");
        (await CommandsAsync(session, () => storage.AddItemAsync(id, RedisStores.Default, CartData.Item("a")))).Should().Equal("EVALSHA");
        (await CommandsAsync(session, () => storage.ChangeQuantityAsync(id, RedisStores.Default, "a", -1))).Should().Equal("EVALSHA");
        (await CommandsAsync(session, () => storage.RemoveItemAsync(id, RedisStores.Default, "b"))).Should().Equal("EVALSHA");
    }

    private static async Task<string[]> CommandsAsync(ProfilingSession session, Func<Task> operation)
    {
        await operation();
        return [.. session.FinishProfiling().Select(c => c.Command)];
    }
}
