using CartStorage.Testing;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.StackExchangeRedis;

namespace CartStorage.Redis.Tests;

/// <summary>The contract suite on <see cref="CacheStorage"/> over a real redis-server, with locking on and the RedLock provider.</summary>
public sealed class LockedRedisCacheStorageTests : CartStorageContractTests
{
    private RedisCache cache = null!;
    private ICartLockProvider locks = null!;

    public LockedRedisCacheStorageTests() => Options.Cache.UseLocking = true;

    public override async Task InitializeAsync()
    {
        cache = await LockingRedis.CacheAsync();
        locks = await LockingRedis.LocksAsync();
        await base.InitializeAsync();
    }

    protected override Task<ICartStorage> CreateStorageAsync(CartStorageOptions options) =>
        Task.FromResult<ICartStorage>(new CacheStorage(cache, Microsoft.Extensions.Options.Options.Create(options), locks));

    protected override async Task StoreRawAsync(string identifier, string instance, string raw) =>
        await cache.SetStringAsync(new CacheKeys(Options.KeyPrefix).Cart(new CartKey(identifier, instance)), raw);

    [Fact]
    public void With_a_lock_provider_the_storage_says_writes_are_locked_and_safe_across_servers_but_not_store_checked()
    {
        Storage.Capabilities.Should().Be(new CartStorageCapabilities("cache", SafeAcrossServers: true, StoreEnforcedVersionCheck: false, Locking: true));
    }
}
