using System.Net;
using System.Net.Sockets;
using CartStorage.Testing;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using StackExchange.Redis;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace CartStorage.Redis.Tests;

/// <summary>
/// Redis down (issue 13): the cache and the lock servers at a closed loopback port. Every operation fails with
/// <see cref="CartStorageUnavailableException"/> carrying the driver's exception, whose message says the servers could
/// not be reached, never that another writer holds the lock, and nothing is mutated. (Durations: docs/reliability.md.)
/// </summary>
public sealed class RedisOutageTests
{
    private const string Default = "default";

    [Fact]
    public async Task A_cache_that_cannot_be_reached_is_unavailable_with_the_drivers_exception_inside()
    {
        await using var down = await ConnectionMultiplexer.ConnectAsync(DeadEndpoint());
        var cache = new RedisCache(new RedisCacheOptions { ConnectionMultiplexerFactory = () => Task.FromResult<IConnectionMultiplexer>(down) });
        var storage = new CacheStorage(cache, MsOptions.Create(new CartStorageOptions()));
        var id = CartData.NewIdentifier();

        foreach (var operation in new Func<Task>[]
        {
            () => storage.GetAsync(id, Default),
            () => storage.PutItemsAsync(id, Default, [CartData.Item("a")]),
            () => storage.ForgetAsync(id, Default),
            () => storage.GetInstancesAsync(id),
            () => storage.FlushAsync(),
        })
        {
            var e = await FluentActions.Awaiting(operation).Should().ThrowExactlyAsync<CartStorageUnavailableException>();
            e.Which.InnerException.Should().Match<Exception>(inner => inner is RedisConnectionException || inner is RedisTimeoutException);
            e.Which.Message.Should().Contain("could not be reached").And.NotContain(id);
        }
    }

    [Fact]
    public async Task Lock_servers_that_cannot_be_reached_are_unavailable_not_busy_and_nothing_is_mutated()
    {
        await using var locks = RedLockCartLockProvider.Connect($"{DeadEndpoint()};{DeadEndpoint()};{DeadEndpoint()}", new RedisLockingOptions(), loggerFactory: null);
        var options = new CartStorageOptions { Cache = { UseLocking = true, LockTimeout = TimeSpan.FromSeconds(1) } };
        var storage = new CacheStorage(await LockingRedis.CacheAsync(), MsOptions.Create(options), locks);
        var mutated = false;

        var e = await FluentActions.Awaiting(() => storage.UpdateAsync(CartData.NewIdentifier(), Default, cart =>
        {
            mutated = true;
            return cart;
        })).Should().ThrowExactlyAsync<CartStorageUnavailableException>();

        e.Which.Message.Should().Contain("lock servers could not be reached").And.Contain("0 of 3 lock servers connected").And.NotContain("another writer");
        e.Which.InnerException.Should().BeAssignableTo<RedisConnectionException>("the driver's own connection failure, which RedLock.net only logs");
        mutated.Should().BeFalse();
    }

    /// <summary>
    /// A connection the application configured itself, whose commands to a server that is down wait in a backlog until
    /// asyncTimeout (20 s here): the lock wait does not wait for them, it ends as unavailable.
    /// </summary>
    [Fact]
    public async Task A_lock_attempt_stuck_in_a_connection_backlog_ends_as_unavailable()
    {
        var configuration = ConfigurationOptions.Parse(DeadEndpoint());
        configuration.AsyncTimeout = 20_000;
        configuration.SyncTimeout = 20_000;
        await using var down = await ConnectionMultiplexer.ConnectAsync(configuration);
        var locks = new RedLockCartLockProvider([down]);

        var e = await FluentActions.Awaiting(() => locks.AcquireAsync("outage:{r}:lock:x", TimeSpan.FromMilliseconds(500))).Should().ThrowExactlyAsync<CartStorageUnavailableException>();

        e.Which.Message.Should().Contain("0 of 1 lock servers connected").And.Contain("no majority answered within");
    }

    /// <summary>A closed loopback port: connection refused at once, short timeouts, the application keeps running.</summary>
    private static string DeadEndpoint()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"127.0.0.1:{port},connectTimeout=200,asyncTimeout=500,syncTimeout=500,abortConnect=false";
    }
}
