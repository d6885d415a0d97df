using CartStorage.Testing;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using StackExchange.Redis;

namespace CartStorage.Tests;

/// <summary>The contract suite on <see cref="CacheStorage"/> over Microsoft's <see cref="RedisCache"/> and a real redis-server.</summary>
public sealed class RedisCacheStorageTests : CartStorageContractTests
{
    private IConnectionMultiplexer redis = null!;
    private RedisCache cache = null!;

    public override async Task InitializeAsync()
    {
        redis = await TestServers.RedisAsync();
        // Not disposed: RedisCache.Dispose would close the shared multiplexer, which lives as long as the test process.
        cache = new RedisCache(new RedisCacheOptions { ConnectionMultiplexerFactory = () => Task.FromResult(redis) });
        await base.InitializeAsync();
    }

    protected override Task<ICartStorage> CreateStorageAsync(CartStorageOptions options) =>
        Task.FromResult<ICartStorage>(new CacheStorage(cache, Microsoft.Extensions.Options.Options.Create(options)));

    protected override Task StoreRawAsync(string identifier, string instance, string raw) =>
        cache.SetStringAsync(new CacheKeys(Options.KeyPrefix).Cart(new CartKey(identifier, instance)), raw);

    [Fact]
    public async Task A_cart_is_one_redis_key_that_expires_after_the_ttl_and_is_refreshed_on_write()
    {
        var options = new CartStorageOptions { KeyPrefix = Options.KeyPrefix, Cache = { Ttl = TimeSpan.FromMinutes(10) } };
        var storage = new CacheStorage(cache, Microsoft.Extensions.Options.Options.Create(options));
        var key = new CacheKeys(Options.KeyPrefix).Cart(new CartKey("user:1", Default));

        await storage.PutItemsAsync("user:1", Default, [CartData.Item("a")]);
        await redis.GetDatabase().KeyExpireAsync(key, TimeSpan.FromMinutes(1));
        await storage.PutMetadataAsync("user:1", Default, "k", CartData.Json("1"));

        var ttl = await redis.GetDatabase().KeyTimeToLiveAsync(key);
        ttl.Should().NotBeNull();
        ttl!.Value.Should().BeGreaterThan(TimeSpan.FromMinutes(9)).And.BeLessThanOrEqualTo(TimeSpan.FromMinutes(10));
    }

    [Fact]
    public void Keys_of_one_identifier_share_a_cluster_hash_tag()
    {
        var keys = new CacheKeys(Options.KeyPrefix);
        var identifier = "we{ir}d:id";
        var slot = redis.HashSlot(keys.Cart(new CartKey(identifier, "a")));

        redis.HashSlot(keys.Cart(new CartKey(identifier, "b:c"))).Should().Be(slot);
        redis.HashSlot(keys.Index(identifier)).Should().Be(slot);
        redis.HashSlot(keys.CartLock(new CartKey(identifier, "a"))).Should().Be(slot);
    }

    [Fact]
    public async Task Flush_leaves_other_redis_keys_alone()
    {
        var foreign = "app:" + Guid.NewGuid();
        await redis.GetDatabase().StringSetAsync(foreign, "keep me");
        await Storage.PutItemsAsync("u", Default, [CartData.Item("a")]);

        await Storage.FlushAsync();

        ((string?)await redis.GetDatabase().StringGetAsync(foreign)).Should().Be("keep me");
        (await Storage.HasAsync("u", Default)).Should().BeFalse();
    }
}
