using System.Globalization;
using BenchmarkDotNet.Attributes;
using CartStorage;
using CartStorage.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CartStorage.Benchmarks;

/// <summary>
/// How RedisStorage's item delta (<c>AddItemAsync</c>: one script that splices the stored JSON) and a read grow with the
/// cart: 1, 10, 100 and 1,000 items. Setup prints each cart's <c>MEMORY USAGE</c> with and without the item-limits
/// field <c>l</c> the delta relies on (a cart written by 0.2 or 0.3 has no <c>l</c>).
/// </summary>
public class RedisDeltaScalingBenchmarks
{
    private const string Identifier = "user-scaling";
    private ConnectionMultiplexer redis = null!;
    private RedisStorage storage = null!;

    /// <summary>Items in the cart.</summary>
    [Params(1, 10, 100, 1000)]
    public int Items { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var prefix = "scale" + Guid.NewGuid().ToString("N")[..8];
        redis = await ConnectionMultiplexer.ConnectAsync(Carts.Redis);
        storage = new RedisStorage(redis, Options.Create(new CartStorageOptions { KeyPrefix = prefix, Limits = { MaxItemQuantity = int.MaxValue } }), Options.Create(new CartRedisOptions()));
        var cart = Carts.Snapshot(Items);
        await storage.PutBothAsync(Identifier, Carts.Instance, cart.Items, cart.Conditions);

        // The cart's key, as RedisCartKeys builds it ({prefix}:{{identifier}}:r:{instance}; both are plain here).
        var db = redis.GetDatabase();
        RedisKey key = $"{prefix}:{{{Identifier}}}:r:{Carts.Instance}";
        var withTag = (long)await db.ExecuteAsync("MEMORY", "USAGE", key, "SAMPLES", "0");
        var tag = await db.HashGetAsync(key, "l");
        await db.HashDeleteAsync(key, "l");
        var withoutTag = (long)await db.ExecuteAsync("MEMORY", "USAGE", key, "SAMPLES", "0");
        await db.HashSetAsync(key, "l", tag);
        var documentBytes = (await db.HashGetAsync(key, "d")).Length();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"// memory-usage items={Items} bytes-with-l={withTag} bytes-without-l={withoutTag} document-bytes={documentBytes}"));
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await redis.DisposeAsync();

    [Benchmark(Description = "RedisStorage.AddItemAsync (delta)")]
    public Task<CartSnapshot> AddItemAsync() => storage.AddItemAsync(Identifier, Carts.Instance, Carts.OneMoreFirst);

    [Benchmark(Description = "RedisStorage.GetAsync")]
    public Task<CartSnapshot?> GetAsync() => storage.GetAsync(Identifier, Carts.Instance);
}
