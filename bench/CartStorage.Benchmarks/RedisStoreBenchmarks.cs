using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using CartStorage;
using CartStorage.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CartStorage.Benchmarks;

/// <summary>
/// RedisStorage (HMGET + a conditional Lua write) on a real Redis against what users write today, unsafe: the
/// "eShop-style repository" (StackExchange.Redis GET, <see cref="JsonSerializer.Deserialize{TValue}(string, JsonSerializerOptions?)"/>
/// of the same model, mutate, serialize, SET with expiry), and the raw bytes GET + SET, on one connection, in one run; and
/// RedisStorage's item delta (<c>AddItemAsync</c>: one script, no read) beside them.
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class RedisStoreBenchmarks
{
    private const string Identifier = "user-1";
    private static readonly TimeSpan Ttl = TimeSpan.FromDays(30);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private ConnectionMultiplexer redis = null!;
    private IDatabase db = null!;
    private RedisStorage storage = null!;
    private RedisKey eshopKey;
    private RedisKey rawKey;
    private byte[] rawBytes = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var prefix = "bench" + Guid.NewGuid().ToString("N")[..8];
        redis = await ConnectionMultiplexer.ConnectAsync(Carts.Redis);
        db = redis.GetDatabase();
        // MaxItemQuantity raised: AddItemAsync adds one more of an item on every call, and BenchmarkDotNet calls it far more than 10,000 times.
        storage = new RedisStorage(redis, Options.Create(new CartStorageOptions { KeyPrefix = prefix, Limits = { MaxItemQuantity = int.MaxValue } }), Options.Create(new CartRedisOptions()));
        var cart = Carts.Snapshot(10);
        await storage.PutBothAsync(Identifier, Carts.Instance, cart.Items, cart.Conditions);

        eshopKey = prefix + ":eshop";
        await db.StringSetAsync(eshopKey, JsonSerializer.Serialize(cart, Json), Ttl);
        rawKey = prefix + ":raw";
        rawBytes = JsonSerializer.SerializeToUtf8Bytes(cart, Json);
        await db.StringSetAsync(rawKey, rawBytes, Ttl);
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await redis.DisposeAsync();

    [Benchmark(Baseline = true, Description = "eShop-style GET+Deserialize+Serialize+SET")]
    [BenchmarkCategory("write")]
    public async Task EshopStyleAsync()
    {
        string json = (await db.StringGetAsync(eshopKey))!;
        var cart = JsonSerializer.Deserialize<CartSnapshot>(json, Json)!;
        await db.StringSetAsync(eshopKey, JsonSerializer.Serialize(Carts.IncrementFirst(cart), Json), Ttl);
    }

    [Benchmark(Description = "raw bytes GET+SET")]
    [BenchmarkCategory("write")]
    public async Task RawGetSetAsync()
    {
        byte[] bytes = (await db.StringGetAsync(rawKey))!;
        await db.StringSetAsync(rawKey, bytes, Ttl);
    }

    [Benchmark(Description = "RedisStorage.UpdateAsync")]
    [BenchmarkCategory("write")]
    public Task<CartSnapshot> UpdateAsync() => storage.UpdateAsync(Identifier, Carts.Instance, Carts.IncrementFirst);

    [Benchmark(Description = "RedisStorage.AddItemAsync (delta)")]
    [BenchmarkCategory("write")]
    public Task<CartSnapshot> AddItemAsync() => storage.AddItemAsync(Identifier, Carts.Instance, Carts.OneMoreFirst);

    [Benchmark(Baseline = true, Description = "raw bytes GET")]
    [BenchmarkCategory("read")]
    public async Task<byte[]?> RawGetAsync() => await db.StringGetAsync(rawKey);

    [Benchmark(Description = "RedisStorage.GetAsync")]
    [BenchmarkCategory("read")]
    public Task<CartSnapshot?> GetAsync() => storage.GetAsync(Identifier, Carts.Instance);
}
