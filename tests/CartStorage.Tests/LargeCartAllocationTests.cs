using System.Globalization;
using CartStorage.Testing;
using System.Text.Json;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace CartStorage.Tests;

/// <summary>Tests that measure the whole process's allocations: they run alone, after every parallel test.</summary>
[CollectionDefinition(nameof(AllocationMeasurements), DisableParallelization = true)]
public sealed class AllocationMeasurements;

/// <summary>
/// A 1000-item cart (about 130 KB serialized, under the 1 MB <c>Cart:Limits:MaxDataSizeBytes</c>) is updated without
/// a large-object-heap allocation of the storage's per operation when the cache takes buffers
/// (<see cref="IBufferDistributedCache"/>, as <c>RedisCache</c> does): the storage serializes into pooled arrays and
/// deserializes from the array the cache returns. The control shows the measurement sees what it should: through a
/// plain <see cref="IDistributedCache"/>, the byte array the interface takes is a large object on every write.
/// </summary>
[Collection(nameof(AllocationMeasurements))]
public sealed class LargeCartAllocationTests
{
    private const int Operations = 10;
    private const int WarmUp = 12;
    private const string Instance = "default";

    [Fact]
    public async Task Updating_a_1000_item_cart_through_a_buffer_cache_allocates_nothing_on_the_large_object_heap()
    {
        using var listener = new LargeObjectListener();

        var large = await LargeObjectTicksAsync(new BufferMemoryCache(), listener);

        large.Should().Be(0, "no array of a large cart's size is allocated per operation; ticks came from {0}", string.Join(", ", listener.Types));
    }

    [Fact]
    public async Task Through_a_plain_distributed_cache_each_write_allocates_the_array_on_the_large_object_heap()
    {
        using var listener = new LargeObjectListener();

        var large = await LargeObjectTicksAsync(new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions())), listener);

        large.Should().BeGreaterThanOrEqualTo(Operations, "IDistributedCache.SetAsync takes a byte[] of the serialized size (~190 KB) on every write");
    }

    private static async Task<int> LargeObjectTicksAsync(IDistributedCache cache, LargeObjectListener listener)
    {
        // A stopped clock: every write stamps the same time, so the document keeps one length (the stopwatch-precise
        // update time would vary it by a few bytes, and the cache would allocate a new entry).
        var storage = new CacheStorage(cache, Options.Create(new CartStorageOptions()), timeProvider: new StoppedClock());
        var identifier = CartData.NewIdentifier();
        await storage.PutItemsAsync(identifier, Instance, Items(1000));

        // Both caches complete synchronously, so every update runs on this one thread: the array pool's per-thread
        // cache, filled by the warm-up, serves the measured updates (a thread's first rents allocate, once). The
        // warm-up also takes the version and the first quantity past 10, so the measured writes keep one length.
        var ticks = await Task.Factory.StartNew(() => Measure(storage, identifier, listener), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        var cart = await storage.GetAsync(identifier, Instance);
        cart!.Items[0].Quantity.Should().Be(1 + WarmUp + Operations, "every update was applied");
        return ticks;
    }

    private static int Measure(CacheStorage storage, string identifier, LargeObjectListener listener)
    {
        for (var i = 0; i < WarmUp; i++)
        {
            Update(storage, identifier);
        }

        listener.Start();
        for (var i = 0; i < Operations; i++)
        {
            Update(storage, identifier);
        }

        return listener.Stop();
    }

    private static void Update(CacheStorage storage, string identifier)
    {
        var update = storage.UpdateAsync(identifier, Instance, IncrementFirst);
        update.IsCompleted.Should().BeTrue("the in-process caches complete synchronously");
        update.GetAwaiter().GetResult();
    }

    private sealed class StoppedClock : TimeProvider
    {
        private readonly DateTimeOffset now = DateTimeOffset.UtcNow;

        public override DateTimeOffset GetUtcNow() => now;
    }

    /// <summary>Items like a shop's: a name, a price, an attribute, and a condition on every tenth.</summary>
    private static CartItem[] Items(int count)
    {
        var color = CartData.Json("\"blue\"");
        return [.. Enumerable.Range(0, count).Select(i => new CartItem
        {
            Id = "sku-" + i.ToString(CultureInfo.InvariantCulture),
            Name = "Product number " + i.ToString(CultureInfo.InvariantCulture),
            Price = 9.99m + i,
            Quantity = 1,
            Attributes = new Dictionary<string, JsonElement> { ["color"] = color },
            Conditions = i % 10 == 0 ? [new CartCondition { Name = "Sale", Type = "sale", Target = CartConditionTargets.Item, Value = "-10%" }] : [],
        })];
    }

    private static CartSnapshot IncrementFirst(CartSnapshot cart)
    {
        var items = cart.Items.ToArray();
        items[0] = items[0] with { Quantity = items[0].Quantity + 1 };
        return cart with { Items = items };
    }
}
