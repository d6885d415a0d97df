using System.Net;
using CartStorage.Testing;
using StackExchange.Redis;

namespace CartStorage.Redis.Tests.Store;

/// <summary>
/// The hash slot of a hot cart is migrated to another primary of the cluster (<c>CLUSTER SETSLOT</c> IMPORTING /
/// MIGRATING, <c>MIGRATE</c> of its keys, <c>CLUSTER SETSLOT NODE</c>, the way <c>redis-cli --cluster reshard</c> does it)
/// while writers increment it: no increment is lost and no error reaches a writer. Moved one key at a time, with the
/// identifier's keys split between two nodes, listing and forgetting its carts still see every cart.
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
        await MigrateAsync(admin, new RedisCartKeys(prefix).Cart(new CartKey(id, RedisStores.Default)), batch: 100, () => WaitForProgressAsync(() => Volatile.Read(ref acknowledged), 20));
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        RedisStores.Quantity(await storage.GetAsync(id, RedisStores.Default)).Should().Be(1 + acknowledged);
    }

    [Fact]
    public async Task Listing_the_instances_while_their_slot_migrates_key_by_key_always_lists_every_cart()
    {
        var (storage, keys, id, instances, _) = await CartsAsync();
        var failures = new List<string>();
        var reads = 0;
        using var stop = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested || Volatile.Read(ref reads) == 0)
            {
                try
                {
                    var listed = await storage.GetInstancesAsync(id);
                    if (!listed.SequenceEqual(instances))
                    {
                        lock (failures)
                        {
                            failures.Add("listed " + string.Join(",", listed));
                        }
                    }
                }
                catch (Exception e)
                {
                    lock (failures)
                    {
                        failures.Add(e.GetType().Name + ": " + e.Message);
                    }
                }

                Interlocked.Increment(ref reads);
            }
        })).ToList();

        await using var admin = await ConnectionMultiplexer.ConnectAsync(TestServers.RedisClusterEndpoint + ",allowAdmin=true");
        await MigrateAsync(admin, keys.Index(id), batch: 1, () => Task.Delay(50));
        await stop.CancelAsync();
        await Task.WhenAll(readers);

        failures.Should().BeEmpty();
        (await storage.GetInstancesAsync(id)).Should().Equal(instances, "no live cart was dropped from the index");
    }

    [Fact]
    public async Task Forgetting_an_identifier_while_its_slot_migrates_key_by_key_removes_every_cart()
    {
        var (storage, keys, id, instances, _) = await CartsAsync();

        await ForgetWhileMigratingAsync(storage, keys, id);

        (await storage.GetInstancesAsync(id)).Should().BeEmpty();
        foreach (var instance in instances)
        {
            (await storage.GetAsync(id, instance)).Should().BeNull($"instance {instance} was forgotten");
        }
    }

    [Fact]
    public async Task Forgetting_an_identifier_with_a_pending_move_while_its_slot_migrates_finishes_the_move_and_removes_every_key()
    {
        var (storage, keys, id, _, gateway) = await CartsAsync();
        var user = CartData.NewIdentifier("user");
        await storage.AddItemAsync(user, RedisStores.Default, CartData.Item("sku", 2));
        await storage.AddItemAsync(id, RedisStores.Default, CartData.Item("sku", 1));
        await RedisStores.ClaimAsync(storage, gateway, id, user);

        await ForgetWhileMigratingAsync(storage, keys, id);

        (await storage.GetInstancesAsync(id)).Should().BeEmpty();
        var redis = await TestServers.RedisClusterAsync();
        (await redis.GetDatabase().KeyExistsAsync([keys.Index(id), keys.PendingIndex(id), keys.Pending(new CartKey(id, RedisStores.Default))])).Should().Be(0);
        RedisStores.Quantity(await storage.GetAsync(user, RedisStores.Default)).Should().Be(3, "the pending merge was finished before the guest was forgotten");
    }

    /// <summary>Migrates the identifier's slot key by key, and starts <see cref="ICartStorage.ForgetIdentifierAsync"/> once its keys are on two nodes.</summary>
    private static async Task ForgetWhileMigratingAsync(RedisStorage storage, RedisCartKeys keys, string id)
    {
        Task? forget = null;
        var steps = 0;

        await using var admin = await ConnectionMultiplexer.ConnectAsync(TestServers.RedisClusterEndpoint + ",allowAdmin=true");
        await MigrateAsync(admin, keys.Index(id), batch: 1, async () =>
        {
            // Started after the first key moved (the third pause): the identifier's keys are on two nodes.
            if (++steps == 3)
            {
                forget = storage.ForgetIdentifierAsync(id);
            }

            await Task.WhenAny(forget ?? Task.CompletedTask, Task.Delay(50));
        });
        await forget!;
    }

    /// <summary>An identifier with 8 carts, on a storage that retries a refused command long enough to outlast a migration.</summary>
    private static async Task<(RedisStorage Storage, RedisCartKeys Keys, string Id, string[] Instances, RedisCartStore Gateway)> CartsAsync()
    {
        var redis = await TestServers.RedisClusterAsync();
        var prefix = "s" + Guid.NewGuid().ToString("N")[..12];
        var storage = RedisStores.Create(redis, new CartStorageOptions { KeyPrefix = prefix }, new CartRedisOptions { Retry = { MaxAttempts = 1000 } });
        var id = CartData.NewIdentifier();
        string[] instances = [.. Enumerable.Range(0, 8).Select(i => "i" + i)];
        foreach (var instance in instances)
        {
            await storage.AddItemAsync(id, instance, CartData.Item("sku", 1));
        }

        return (storage, new RedisCartKeys(prefix), id, instances, RedisStores.Gateway(redis, prefix));
    }

    /// <summary>
    /// Moves the slot of <paramref name="key"/> to another primary in steps of <paramref name="batch"/> keys (over an
    /// admin connection), running <paramref name="between"/> between every two steps.
    /// </summary>
    private static async Task MigrateAsync(IConnectionMultiplexer redis, RedisKey key, int batch, Func<Task> between)
    {
        var slot = redis.HashSlot(key);
        var primaries = redis.GetServers().Where(s => !s.IsReplica).ToList();
        var nodes = primaries[0].ClusterConfiguration!;
        var sourceNode = nodes.GetBySlot(slot)!;
        var source = primaries.Single(s => s.EndPoint.Equals(sourceNode.EndPoint));
        var target = primaries.First(s => !s.EndPoint.Equals(sourceNode.EndPoint));
        var targetNode = nodes[target.EndPoint]!;
        var targetEndPoint = (IPEndPoint)target.EndPoint;

        await between();
        await target.ExecuteAsync("CLUSTER", "SETSLOT", slot, "IMPORTING", sourceNode.NodeId);
        await source.ExecuteAsync("CLUSTER", "SETSLOT", slot, "MIGRATING", targetNode.NodeId);
        await between();
        while (true)
        {
            var keys = (RedisResult[])(await source.ExecuteAsync("CLUSTER", "GETKEYSINSLOT", slot, batch))!;
            if (keys.Length == 0)
            {
                break;
            }

            await source.ExecuteAsync("MIGRATE", [targetEndPoint.Address.ToString(), targetEndPoint.Port, "", 0, 5000, "REPLACE", "KEYS", .. keys.Select(k => (object)(string)k!)]);
            await between();
        }

        foreach (var server in primaries.OrderBy(s => s == target ? 0 : 1))
        {
            await server.ExecuteAsync("CLUSTER", "SETSLOT", slot, "NODE", targetNode.NodeId);
        }

        await between();
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
