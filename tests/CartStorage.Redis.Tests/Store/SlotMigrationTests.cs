using System.Net;
using CartStorage.Testing;
using StackExchange.Redis;

namespace CartStorage.Redis.Tests.Store;

/// <summary>
/// The hash slot of a hot cart is migrated to another primary of the cluster (<c>CLUSTER SETSLOT</c> IMPORTING /
/// MIGRATING, <c>MIGRATE</c> of its keys, <c>CLUSTER SETSLOT NODE</c>, the way <c>redis-cli --cluster reshard</c> does it)
/// while writers increment it: no increment is lost and no error reaches a writer.
/// </summary>
public sealed class SlotMigrationTests
{
    [Fact]
    public async Task Migrating_the_slot_of_a_hot_cart_while_writers_run_loses_nothing()
    {
        var redis = await TestServers.RedisClusterAsync();
        var prefix = "s" + Guid.NewGuid().ToString("N")[..12];
        var storage = RedisStores.Create(redis, new CartStorageOptions { KeyPrefix = prefix }, new CartRedisOptions { Retry = { MaxAttempts = 1000 } });
        var id = CartData.NewIdentifier();
        await storage.AddItemAsync(id, RedisStores.Default, CartData.Item("sku", 1));
        var acknowledged = 0;
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            // Each writer goes on until the migration is over and it has written at least 50 times.
            for (var i = 0; i < 50 || !stop.IsCancellationRequested; i++)
            {
                await storage.AddItemAsync(id, RedisStores.Default, CartData.Item("sku", 1));
                Interlocked.Increment(ref acknowledged);
            }
        })).ToList();

        await using var admin = await ConnectionMultiplexer.ConnectAsync(TestServers.RedisClusterEndpoint + ",allowAdmin=true");
        await MigrateAsync(admin, new RedisCartKeys(prefix).Cart(new CartKey(id, RedisStores.Default)), () => Volatile.Read(ref acknowledged));
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        RedisStores.Quantity(await storage.GetAsync(id, RedisStores.Default)).Should().Be(1 + acknowledged);
    }

    /// <summary>Moves the slot of <paramref name="key"/> to another primary in steps, letting writers run between them (over an admin connection).</summary>
    private static async Task MigrateAsync(IConnectionMultiplexer redis, RedisKey key, Func<int> progress)
    {
        var slot = redis.HashSlot(key);
        var primaries = redis.GetServers().Where(s => !s.IsReplica).ToList();
        var nodes = primaries[0].ClusterConfiguration!;
        var sourceNode = nodes.GetBySlot(slot)!;
        var source = primaries.Single(s => s.EndPoint.Equals(sourceNode.EndPoint));
        var target = primaries.First(s => !s.EndPoint.Equals(sourceNode.EndPoint));
        var targetNode = nodes[target.EndPoint]!;
        var targetEndPoint = (IPEndPoint)target.EndPoint;

        await WaitForProgressAsync(progress, 20);
        await target.ExecuteAsync("CLUSTER", "SETSLOT", slot, "IMPORTING", sourceNode.NodeId);
        await source.ExecuteAsync("CLUSTER", "SETSLOT", slot, "MIGRATING", targetNode.NodeId);
        await WaitForProgressAsync(progress, 20);
        while (true)
        {
            var keys = (RedisResult[])(await source.ExecuteAsync("CLUSTER", "GETKEYSINSLOT", slot, 100))!;
            if (keys.Length == 0)
            {
                break;
            }

            await source.ExecuteAsync("MIGRATE", [targetEndPoint.Address.ToString(), targetEndPoint.Port, "", 0, 5000, "REPLACE", "KEYS", .. keys.Select(k => (object)(string)k!)]);
            await WaitForProgressAsync(progress, 10);
        }

        foreach (var server in primaries.OrderBy(s => s == target ? 0 : 1))
        {
            await server.ExecuteAsync("CLUSTER", "SETSLOT", slot, "NODE", targetNode.NodeId);
        }

        await WaitForProgressAsync(progress, 20);
    }

    private static async Task WaitForProgressAsync(Func<int> progress, int writes)
    {
        var until = progress() + writes;
        while (progress() < until)
        {
            await Task.Delay(1);
        }
    }
}
