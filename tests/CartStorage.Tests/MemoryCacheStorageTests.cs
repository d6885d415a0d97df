using CartStorage.Testing;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace CartStorage.Tests;

/// <summary>The contract suite on <see cref="CacheStorage"/> over Microsoft's in-memory <see cref="MemoryDistributedCache"/>.</summary>
public sealed class MemoryCacheStorageTests : CartStorageContractTests
{
    private readonly MemoryDistributedCache cache = new(Microsoft.Extensions.Options.Options.Create(new MemoryDistributedCacheOptions()));

    protected override Task<ICartStorage> CreateStorageAsync(CartStorageOptions options) =>
        Task.FromResult<ICartStorage>(new CacheStorage(cache, Microsoft.Extensions.Options.Options.Create(options)));

    protected override Task StoreRawAsync(string identifier, string instance, string raw) =>
        cache.SetStringAsync(new CacheKeys(Options.KeyPrefix).Cart(new CartKey(identifier, instance)), raw);

    [Fact]
    public async Task Flush_leaves_other_cache_entries_alone()
    {
        await cache.SetStringAsync("app:session:42", "keep me");
        await Storage.PutItemsAsync("u", Default, [CartData.Item("a")]);

        await Storage.FlushAsync();

        (await cache.GetStringAsync("app:session:42")).Should().Be("keep me");
        (await Storage.HasAsync("u", Default)).Should().BeFalse();
    }

    [Fact]
    public void Without_a_lock_provider_the_storage_says_it_is_not_safe_across_servers()
    {
        Storage.Capabilities.Should().Be(new CartStorageCapabilities("cache", SafeAcrossServers: false, StoreEnforcedVersionCheck: false, Locking: false));
    }
}
