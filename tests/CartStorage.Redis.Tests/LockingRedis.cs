using CartStorage.Testing;
using Microsoft.Extensions.Caching.StackExchangeRedis;

namespace CartStorage.Redis.Tests;

/// <summary>Storages and locks over the shared test redis-server; each test uses its own key prefix.</summary>
internal static class LockingRedis
{
    public const string Default = "default";

    /// <summary>The longest any test waits for a lock: contention is expected, a wait this long is a failure.</summary>
    public static readonly TimeSpan LongTimeout = TimeSpan.FromSeconds(60);

    public static string NewPrefix() => "l" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>A RedisCache over the shared multiplexer. Never disposed: RedisCache.Dispose would close the shared connection.</summary>
    public static async Task<RedisCache> CacheAsync()
    {
        var redis = await TestServers.RedisAsync();
        return new RedisCache(new RedisCacheOptions { ConnectionMultiplexerFactory = () => Task.FromResult(redis) });
    }

    /// <summary>A lock provider over the shared multiplexer (which it does not own).</summary>
    public static async Task<ICartLockProvider> LocksAsync(TimeSpan? lease = null) =>
        new RedLockCartLockProvider([await TestServers.RedisAsync()], new RedisLockingOptions { Lease = lease ?? TimeSpan.FromSeconds(10) });

    /// <summary>
    /// One "server": a CacheStorage over the shared redis. With <paramref name="locks"/>, locking is on; without, writes are plain.
    /// </summary>
    public static async Task<CacheStorage> StorageAsync(string prefix, ICartLockProvider? locks, TimeSpan? lockTimeout = null)
    {
        var options = new CartStorageOptions { KeyPrefix = prefix, Cache = { UseLocking = locks is not null, LockTimeout = lockTimeout ?? LongTimeout } };
        return new CacheStorage(await CacheAsync(), Microsoft.Extensions.Options.Options.Create(options), locks);
    }

    /// <summary>The lock resource CacheStorage uses for a cart.</summary>
    public static string Resource(string prefix, string identifier, string instance = Default) =>
        new CacheKeys(prefix).CartLock(new CartKey(identifier, instance));

    /// <summary>The Redis key RedLock.net stores for a resource (its default key format).</summary>
    public static string RedisKey(string resource) => "redlock:" + resource;

    public static int Quantity(CartSnapshot? cart, string item = "sku") =>
        cart?.Items.SingleOrDefault(i => i.Id == item)?.Quantity ?? 0;

    public static CartSnapshot Increment(CartSnapshot cart, string item = "sku") =>
        cart.Items.Any(i => i.Id == item)
            ? cart with { Items = [.. cart.Items.Select(i => i.Id == item ? i with { Quantity = i.Quantity + 1 } : i)] }
            : cart with { Items = [.. cart.Items, CartData.Item(item)] };
}
