using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using CartStorage;
using CartStorage.Redis;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CartStorage.Benchmarks;

/// <summary>
/// CacheStorage on a real Redis, without and with RedLock locking, against the raw <see cref="IDistributedCache"/>
/// Get and Set of the same bytes on the same <see cref="RedisCache"/>; and against the same calls plus the flush
/// generation's Get sent with the cart's, as the storage does ("+ generation"): the storage's cost over that second
/// baseline is its own CPU, with the same round trips and cache calls.
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams)]
[CategoriesColumn]
public class CacheBenchmarks
{
    private const string Identifier = "user-1";
    private static readonly DistributedCacheEntryOptions Ttl = new() { AbsoluteExpirationRelativeToNow = TimeSpan.FromDays(1) };
    private readonly CartSnapshot cart = Carts.Snapshot(10);
    private ConnectionMultiplexer locks = null!;
    private RedisCache cache = null!;
    private CacheStorage storage = null!;
    private string rawKey = null!;
    private string generationKey = null!;
    private byte[] rawBytes = null!;

    [Params(false, true)]
    public bool Locking { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var prefix = "bench" + Guid.NewGuid().ToString("N")[..8];
        var options = Options.Create(new CartStorageOptions { KeyPrefix = prefix, Cache = { UseLocking = Locking } });
        cache = new RedisCache(Options.Create(new RedisCacheOptions { Configuration = Carts.Redis }));
        locks = await ConnectionMultiplexer.ConnectAsync(Carts.Redis);
        storage = new CacheStorage(cache, options, Locking ? new RedLockCartLockProvider([locks]) : null);
        await storage.PutBothAsync(Identifier, Carts.Instance, cart.Items, cart.Conditions);

        // The raw baseline moves the bytes the storage stored, under a key of its own.
        rawBytes = (await cache.GetAsync(new CacheKeys(prefix).Cart(new CartKey(Identifier, Carts.Instance))))!;
        rawKey = prefix + ":raw";
        await cache.SetAsync(rawKey, rawBytes, Ttl);
        generationKey = prefix + ":raw-generation";
        await cache.SetAsync(generationKey, "0"u8.ToArray(), new DistributedCacheEntryOptions());
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        cache.Dispose();
        await locks.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "raw Get+Set")]
    [BenchmarkCategory("write")]
    public async Task RawGetSetAsync()
    {
        var bytes = await cache.GetAsync(rawKey);
        await cache.SetAsync(rawKey, bytes!, Ttl);
    }

    [Benchmark(Description = "raw Get+Set + generation")]
    [BenchmarkCategory("write")]
    public async Task RawGetSetWithGenerationAsync()
    {
        var generation = cache.GetAsync(generationKey);
        var bytes = await cache.GetAsync(rawKey);
        await generation;
        await cache.SetAsync(rawKey, bytes!, Ttl);
    }

    [Benchmark(Description = "UpdateAsync")]
    [BenchmarkCategory("write")]
    public Task<CartSnapshot> UpdateAsync() => storage.UpdateAsync(Identifier, Carts.Instance, Carts.IncrementFirst);

    [Benchmark(Description = "PutBothAsync")]
    [BenchmarkCategory("write")]
    public Task PutBothAsync() => storage.PutBothAsync(Identifier, Carts.Instance, cart.Items, cart.Conditions);

    [Benchmark(Baseline = true, Description = "raw Get")]
    [BenchmarkCategory("read")]
    public Task<byte[]?> RawGetAsync() => cache.GetAsync(rawKey);

    [Benchmark(Description = "raw Get + generation")]
    [BenchmarkCategory("read")]
    public async Task<byte[]?> RawGetWithGenerationAsync()
    {
        var generation = cache.GetAsync(generationKey);
        var bytes = await cache.GetAsync(rawKey);
        await generation;
        return bytes;
    }

    [Benchmark(Description = "GetAsync")]
    [BenchmarkCategory("read")]
    public Task<CartSnapshot?> GetAsync() => storage.GetAsync(Identifier, Carts.Instance);
}
