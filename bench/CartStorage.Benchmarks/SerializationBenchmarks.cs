using BenchmarkDotNet.Attributes;
using CartStorage;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace CartStorage.Benchmarks;

/// <summary>
/// The CPU side of a cart: serialize and deserialize the stored document (time and allocations), and a whole
/// <see cref="ICartStorage.UpdateAsync"/> over an in-memory cache (no network), by cart size: over Microsoft's
/// <see cref="MemoryDistributedCache"/> (arrays) and over an in-process <see cref="IBufferDistributedCache"/> (buffers,
/// as <c>RedisCache</c>), which reuses its entry's array so that what is measured is the storage's own allocation.
/// </summary>
public class SerializationBenchmarks
{
    private static readonly CartKey Key = new("user-1", Carts.Instance);
    private readonly CartSerializer serializer = new(new CartLimitsOptions());
    private StoredCart stored = null!;
    private byte[] bytes = null!;
    private CacheStorage memory = null!;
    private CacheStorage buffers = null!;

    [Params(10, 100, 1000)]
    public int Items { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var snapshot = Carts.Snapshot(Items);
        stored = new StoredCart
        {
            Generation = "0",
            Id = Guid.NewGuid(),
            Version = 1,
            CreatedAt = DateTimeOffset.UtcNow,
            UpdatedAt = DateTimeOffset.UtcNow,
            Items = snapshot.Items,
            Conditions = snapshot.Conditions,
            Metadata = snapshot.Metadata,
        };
        bytes = serializer.Serialize(stored);
        memory = new CacheStorage(new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions())), Options.Create(new CartStorageOptions()));
        await memory.PutBothAsync(Key.Identifier, Carts.Instance, snapshot.Items, snapshot.Conditions);
        buffers = new CacheStorage(new CartStorage.Tests.BufferMemoryCache(), Options.Create(new CartStorageOptions()));
        await buffers.PutBothAsync(Key.Identifier, Carts.Instance, snapshot.Items, snapshot.Conditions);
    }

    [Benchmark]
    public byte[] Serialize() => serializer.Serialize(stored);

    [Benchmark]
    public object Deserialize() => serializer.Deserialize(Key, bytes);

    [Benchmark(Description = "UpdateAsync (memory cache)")]
    public Task<CartSnapshot> UpdateInMemoryAsync() => memory.UpdateAsync(Key.Identifier, Carts.Instance, Carts.IncrementFirst);

    [Benchmark(Description = "UpdateAsync (buffer cache)")]
    public Task<CartSnapshot> UpdateInBufferCacheAsync() => buffers.UpdateAsync(Key.Identifier, Carts.Instance, Carts.IncrementFirst);
}
