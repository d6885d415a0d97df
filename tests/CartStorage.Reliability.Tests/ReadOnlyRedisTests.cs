using CartStorage.Redis;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CartStorage.Reliability.Tests;

/// <summary>
/// A Redis that answers but cannot take a write: a replica (<c>--replicaof</c>, <c>READONLY</c>; or a connection that
/// knows the server is a replica and refuses to send), and a primary demoted at run time (<c>REPLICAOF</c>) under
/// clients that wrote through it a moment before. Every write of <see cref="RedisStorage"/>, of
/// <see cref="CacheStorage"/> over <c>RedisCache</c>, and every lock of <see cref="RedLockCartLockProvider"/> fails
/// with <see cref="CartStorageUnavailableException"/> (the driver's exception inside, a message saying nothing was
/// written), never a raw <see cref="RedisException"/>; and the primary holds exactly what it held before.
/// </summary>
public sealed class ReadOnlyRedisTests
{
    private const string Shopper = "shopper";
    private const string Default = "default";
    private static readonly CartItem Mug = new() { Id = "mug", Name = "Mug", Price = 9.50m, Quantity = 1 };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task RedisStorage_writes_on_a_read_only_server_are_unavailable_and_write_nothing(bool demotedAtRunTime) =>
        WritesAreRefusedAsync(RedisStore, demotedAtRunTime);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task Cache_writes_on_a_read_only_server_are_unavailable_and_write_nothing(bool demotedAtRunTime) =>
        WritesAreRefusedAsync(connection => CacheStore(connection), demotedAtRunTime);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_lock_on_a_read_only_lock_server_is_unavailable_and_nothing_is_written(bool demotedAtRunTime)
    {
        await using var redis = await ReadOnlyRedis.StartAsync(demotedAtRunTime);
        await using var primary = await redis.Primary.ConnectAsync();
        await using var connection = await redis.Server.ConnectAsync();
        var cache = CacheStore(primary);
        var seeded = await cache.AddItemAsync(Shopper, Default, Mug);
        await using var locks = new RedLockCartLockProvider([connection], new RedisLockingOptions { Lease = TimeSpan.FromSeconds(5) });
        var locked = CacheStore(primary, locks);
        if (demotedAtRunTime)
        {
            await locked.AddItemAsync("warm-up", Default, Mug);
        }

        await redis.MakeReadOnlyAsync(primary);
        var before = await ReadOnlyRedis.ContentAsync(primary);

        await RefusedAsync(() => locks.AcquireAsync("read-only-probe", TimeSpan.FromMilliseconds(300)));
        await RefusedAsync(() => locked.AddItemAsync(Shopper, Default, Mug with { Id = "plate" }));
        (await ReadOnlyRedis.ContentAsync(primary)).Should().BeEquivalentTo(before);
        (await cache.GetAsync(Shopper, Default))!.ETag.Should().Be(seeded.ETag);
    }

    /// <summary>
    /// A cart written through the primary; a storage on the read-only server (written through before a demotion)
    /// reads it, and every write of it (add, save, conditional and plain forget, a new cart) is refused.
    /// </summary>
    private static async Task WritesAreRefusedAsync(Func<IConnectionMultiplexer, ICartStorage> store, bool demotedAtRunTime)
    {
        await using var redis = await ReadOnlyRedis.StartAsync(demotedAtRunTime);
        await using var primary = await redis.Primary.ConnectAsync();
        await using var connection = await redis.Server.ConnectAsync();
        var seeded = await store(primary).AddItemAsync(Shopper, Default, Mug);
        var storage = store(connection);
        if (demotedAtRunTime)
        {
            await storage.AddItemAsync("warm-up", Default, Mug);
        }

        await redis.MakeReadOnlyAsync(primary);
        var before = await ReadOnlyRedis.ContentAsync(primary);

        (await storage.GetAsync(Shopper, Default))!.ETag.Should().Be(seeded.ETag, "reads are served by the read-only server");
        await RefusedAsync(() => storage.AddItemAsync(Shopper, Default, Mug with { Id = "plate" }));
        await RefusedAsync(() => storage.SaveAsync(Shopper, Default, seeded with { Items = [] }));
        await RefusedAsync(() => storage.ForgetAsync(Shopper, Default, seeded.ETag));
        await RefusedAsync(() => storage.ForgetAsync(Shopper, Default));
        await RefusedAsync(() => storage.AddItemAsync("new-shopper", Default, Mug));
        (await ReadOnlyRedis.ContentAsync(primary)).Should().BeEquivalentTo(before);
    }

    /// <summary>The health probe of RedisStorage asks what a write needs: the primary passes it, a read-only server does not.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RedisStorage_health_probe_fails_on_a_read_only_server_and_passes_on_the_primary(bool demotedAtRunTime)
    {
        await using var redis = await ReadOnlyRedis.StartAsync(demotedAtRunTime);
        await using var primary = await redis.Primary.ConnectAsync();
        await using var connection = await redis.Server.ConnectAsync();
        if (demotedAtRunTime)
        {
            await RedisStore(connection).ProbeAsync(); // still a primary
        }

        await redis.MakeReadOnlyAsync(primary);

        await RedisStore(primary).ProbeAsync();
        (await FluentActions.Awaiting(() => RedisStore(connection).ProbeAsync()).Should().ThrowAsync<CartStorageUnavailableException>())
            .Which.InnerException.Should().BeAssignableTo<RedisException>();
    }

    private static async Task RefusedAsync(Func<Task> write)
    {
        var refused = (await write.Should().ThrowAsync<CartStorageUnavailableException>()).Which;
        refused.Message.Should().Contain("did not run and wrote nothing").And.Contain("refused");
        refused.InnerException.Should().BeAssignableTo<RedisException>();
    }

    private static RedisStorage RedisStore(IConnectionMultiplexer connection) => new(
        connection,
        Options.Create(new CartStorageOptions { KeyPrefix = "read-only" }),
        Options.Create(new CartRedisOptions { Retry = { MaxAttempts = 3, MaxDelay = TimeSpan.FromMilliseconds(50) } }));

    private static CacheStorage CacheStore(IConnectionMultiplexer connection, ICartLockProvider? locks = null) => new(
        new RedisCache(new RedisCacheOptions { ConnectionMultiplexerFactory = () => Task.FromResult(connection) }),
        Options.Create(new CartStorageOptions { KeyPrefix = "read-only", Cache = { UseLocking = locks is not null, LockTimeout = TimeSpan.FromMilliseconds(300) } }),
        locks);
}
