using CartStorage.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CartStorage.Redis.Tests;

/// <summary><c>.AddRedisLocking()</c>: where the lock servers come from, and startup errors.</summary>
public sealed class RedisLockingRegistrationTests
{
    [Fact]
    public async Task Locking_with_no_configuration_and_no_multiplexer_fails_at_startup_naming_Cart_Redis_Configuration()
    {
        await using var provider = Build(new() { ["Cart:Cache:UseLocking"] = "true" });

        FluentActions.Invoking(() => provider.GetRequiredService<IOptions<CartStorageOptions>>().Value)
            .Should().Throw<OptionsValidationException>().WithMessage("*Cart:Redis:Configuration*");
    }

    [Fact]
    public async Task A_malformed_configuration_fails_at_startup_naming_the_key()
    {
        await using var provider = Build(new() { ["Cart:Cache:UseLocking"] = "true", ["Cart:Redis:Configuration"] = "127.0.0.1:1,notAnOption=1" });

        FluentActions.Invoking(() => provider.GetRequiredService<IOptions<CartStorageOptions>>().Value)
            .Should().Throw<OptionsValidationException>().WithMessage("*Cart:Redis:Configuration*");
    }

    [Fact]
    public async Task A_bad_lease_fails_at_startup_naming_the_option()
    {
        await using var provider = Build(new() { ["Cart:Cache:UseLocking"] = "true", ["Cart:Redis:Configuration"] = TestServers.RedisEndpoint }, o => o.Locking.Lease = TimeSpan.Zero);

        FluentActions.Invoking(() => provider.GetRequiredService<IStartupValidator>().Validate())
            .Should().Throw<OptionsValidationException>().WithMessage("*Cart:Redis:Locking:Lease*");
    }

    [Fact]
    public async Task Cart_Redis_Configuration_gives_a_locking_storage()
    {
        var prefix = LockingRedis.NewPrefix();
        await using var provider = Build(new() { ["Cart:KeyPrefix"] = prefix, ["Cart:Cache:UseLocking"] = "true", ["Cart:Redis:Configuration"] = TestServers.RedisEndpoint });

        await ShouldLockAsync(provider, prefix);
    }

    [Fact]
    public async Task Without_configuration_the_applications_multiplexer_is_reused()
    {
        var prefix = LockingRedis.NewPrefix();
        var redis = await TestServers.RedisAsync();
        await using var provider = Build(new() { ["Cart:KeyPrefix"] = prefix, ["Cart:Cache:UseLocking"] = "true" }, services: s => s.AddSingleton(redis));

        await ShouldLockAsync(provider, prefix);
        redis.IsConnected.Should().BeTrue("the provider does not own, so does not close, the application's multiplexer");
    }

    [Fact]
    public async Task With_locking_off_the_lock_servers_are_not_needed()
    {
        await using var provider = Build(new() { ["Cart:Cache:UseLocking"] = "false" });
        var storage = provider.GetRequiredService<ICartStorage>();

        storage.Capabilities.Locking.Should().BeFalse();
        await storage.PutItemsAsync(CartData.NewIdentifier(), "default", [CartData.Item("a")]);
    }

    private static async Task ShouldLockAsync(ServiceProvider provider, string prefix)
    {
        var storage = provider.GetRequiredService<ICartStorage>();
        storage.Capabilities.Should().Be(new CartStorageCapabilities("cache", SafeAcrossServers: true, StoreEnforcedVersionCheck: false, Locking: true));
        provider.GetRequiredService<ICartLockProvider>().Should().BeOfType<RedLockCartLockProvider>();

        // The storage's cart lock is the provider's: a cart locked through it cannot be written.
        var id = CartData.NewIdentifier();
        await using var held = await provider.GetRequiredService<ICartLockProvider>().AcquireAsync(LockingRedis.Resource(prefix, id), TimeSpan.FromSeconds(5));
        var timeoutOptions = provider.GetRequiredService<IOptions<CartStorageOptions>>().Value.Cache.LockTimeout;
        timeoutOptions.Should().Be(TimeSpan.FromMilliseconds(300));
        await FluentActions.Awaiting(() => storage.PutItemsAsync(id, "default", [CartData.Item("a")])).Should().ThrowAsync<CartLockTimeoutException>();
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings, Action<CartRedisOptions>? lease = null, Action<IServiceCollection>? services = null)
    {
        settings.TryAdd("Cart:Cache:LockTimeout", "00:00:00.300");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var collection = new ServiceCollection().AddLogging();
        collection.AddSingleton(new CartEnvironment(_ => null)); // the test process's CART_* variables must not leak in
        // The carts live in Redis: an in-process cache would not be safe across servers, whatever the locks.
        collection.AddStackExchangeRedisCache(o => o.Configuration = TestServers.RedisEndpoint);
        services?.Invoke(collection);
        collection.AddCartStorage(configuration.GetSection("Cart")).AddRedisLocking(lease ?? (_ => { }));
        return collection.BuildServiceProvider();
    }
}
