using CartStorage.Redis;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using StackExchange.Redis;

namespace CartStorage.Reliability.Tests;

/// <summary>
/// RedLock over three independent redis-server processes of the test's own (the carts live on a fourth): with one
/// lock server down, a majority still grants locks and excludes other writers; with two down, a write fails with
/// <see cref="CartStorageUnavailableException"/> naming the unreachable majority and writes nothing; once they are back, writes
/// succeed again without any restart of the application. (A lock holder SIGKILLed mid-write is covered by
/// CartStorage.Redis.Tests' MultiProcessLockingTests.)
/// </summary>
public sealed class RedLockQuorumTests : IAsyncLifetime
{
    private const string Default = "default";
    private static readonly TimeSpan ShortTimeout = TimeSpan.FromSeconds(1);
    private readonly List<RedisServerProcess> lockServers = [];
    private readonly List<ConnectionMultiplexer> connections = [];
    private RedisServerProcess dataServer = null!;
    private RedLockCartLockProvider locks = null!;
    private RedisCache cache = null!;

    public async Task InitializeAsync()
    {
        dataServer = await RedisServerProcess.StartAsync(appendOnly: false);
        for (var i = 0; i < 3; i++)
        {
            lockServers.Add(await RedisServerProcess.StartAsync(appendOnly: false));
        }

        foreach (var server in lockServers.Append(dataServer))
        {
            connections.Add(await server.ConnectAsync());
        }

        locks = new RedLockCartLockProvider(connections.Take(3), new RedisLockingOptions { Lease = TimeSpan.FromSeconds(5) });
        // Not disposed: RedisCache.Dispose would close the connection, which DisposeAsync disposes itself.
        cache = new RedisCache(new RedisCacheOptions { ConnectionMultiplexerFactory = () => Task.FromResult<IConnectionMultiplexer>(connections[3]) });
    }

    public async Task DisposeAsync()
    {
        await locks.DisposeAsync();
        foreach (var connection in connections)
        {
            await connection.DisposeAsync();
        }

        foreach (var server in lockServers.Append(dataServer))
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task With_one_lock_server_down_a_majority_still_grants_the_lock_and_excludes_other_writers()
    {
        var storage = Storage(TimeSpan.FromSeconds(30));
        var id = "quorum-" + Guid.NewGuid().ToString("N");
        await lockServers[0].KillAsync();

        var excluded = 0;
        await storage.UpdateAsync(id, Default, cart =>
        {
            // While this mutation runs, the lock must be taken: another writer cannot get it.
            var other = FluentActions.Awaiting(() => locks.AcquireAsync(new CacheKeys("quorum").CartLock(new CartKey(id, Default)), TimeSpan.FromMilliseconds(300)));
            other.Should().ThrowAsync<CartLockTimeoutException>().GetAwaiter().GetResult();
            excluded++;
            return Increment(cart);
        });
        await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 25; i++)
            {
                await storage.UpdateAsync(id, Default, Increment);
            }
        })));

        excluded.Should().Be(1);
        var stored = (await storage.GetAsync(id, Default))!;
        stored.Items.Should().ContainSingle().Which.Quantity.Should().Be(51);
        stored.Version.Should().Be(51);
    }

    [Fact]
    public async Task With_two_lock_servers_down_a_write_fails_as_unavailable_naming_the_missing_majority_writes_nothing_and_recovers_when_they_are_back()
    {
        var storage = Storage(ShortTimeout);
        var id = "quorum-" + Guid.NewGuid().ToString("N");
        await storage.UpdateAsync(id, Default, Increment);
        await lockServers[0].KillAsync();
        await lockServers[1].KillAsync();

        var mutated = false;
        var e = await FluentActions.Awaiting(() => storage.UpdateAsync(id, Default, cart =>
        {
            mutated = true;
            return Increment(cart);
        })).Should().ThrowAsync<CartStorageUnavailableException>();

        e.Which.Message.Should().Contain("lock servers could not be reached").And.Contain("nothing was written").And.NotContain("another writer");
        mutated.Should().BeFalse("the cart must not even be read for writing without the lock");
        await FluentActions.Awaiting(() => storage.PutMetadataAsync(id, Default, "k", System.Text.Json.JsonDocument.Parse("1").RootElement))
            .Should().ThrowAsync<CartStorageUnavailableException>();
        var unchanged = (await storage.GetAsync(id, Default))!;
        unchanged.Version.Should().Be(1);
        unchanged.Metadata.Should().BeEmpty();

        await lockServers[0].StartAsync();
        await lockServers[1].StartAsync();
        var recovered = await EventuallyAsync(() => storage.UpdateAsync(id, Default, Increment));
        recovered.Version.Should().Be(2);
        recovered.Items.Should().ContainSingle().Which.Quantity.Should().Be(2);
    }

    private CacheStorage Storage(TimeSpan lockTimeout) => new(
        cache,
        Microsoft.Extensions.Options.Options.Create(new CartStorageOptions { KeyPrefix = "quorum", Cache = { UseLocking = true, LockTimeout = lockTimeout } }),
        locks);

    private static CartSnapshot Increment(CartSnapshot cart) => cart.Items.Count == 0
        ? cart with { Items = [new CartItem { Id = "sku", Name = "sku", Price = 1m }] }
        : cart with { Items = [cart.Items[0] with { Quantity = cart.Items[0].Quantity + 1 }] };

    /// <summary>Retries <paramref name="write"/> for at most 20 s while the reconnecting lock servers still time it out.</summary>
    private static async Task<CartSnapshot> EventuallyAsync(Func<Task<CartSnapshot>> write)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await write();
            }
            catch (CartStorageException e) when (e is CartLockTimeoutException or CartStorageUnavailableException && attempt < 20)
            {
                // The connections reconnect every 100 ms; each attempt already waited ShortTimeout.
            }
        }
    }
}
