using CartStorage.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CartStorage.Redis.Tests.Store;

/// <summary><c>.AddRedis()</c>: driver selection, where Redis comes from, defaults and startup errors naming the key.</summary>
public sealed class RedisStoreRegistrationTests
{
    [Fact]
    public void The_options_have_the_documented_defaults()
    {
        var options = new CartRedisOptions();

        options.Ttl.Should().Be(TimeSpan.FromDays(30));
        options.Retry.MaxAttempts.Should().Be(10);
        options.Retry.BaseDelay.Should().Be(TimeSpan.FromMilliseconds(10));
        options.Retry.MaxDelay.Should().Be(TimeSpan.FromSeconds(1));
    }

    [Theory]
    [InlineData("single server")]
    [InlineData("cluster")]
    public async Task Driver_Redis_with_a_configuration_gives_RedisStorage(string topology)
    {
        var endpoint = topology == "cluster" ? TestServers.RedisClusterEndpoint : TestServers.RedisEndpoint;
        await using var provider = Build(new() { ["Cart:Driver"] = "Redis", ["Cart:Redis:Configuration"] = endpoint });

        var storage = provider.GetRequiredService<ICartStorage>();
        storage.Should().BeOfType<RedisStorage>();
        var id = CartData.NewIdentifier();
        await storage.AddItemAsync(id, "default", CartData.Item("a"));
        (await storage.GetVersionAsync(id, "default")).Should().Be(1);
    }

    [Fact]
    public async Task CART_STORAGE_DRIVER_selects_it_and_the_applications_multiplexer_is_reused_not_closed()
    {
        var redis = await TestServers.RedisAsync();
        await using (var provider = Build(new(), environment: new() { ["CART_STORAGE_DRIVER"] = "redis" }, services: s => s.AddSingleton(redis)))
        {
            provider.GetRequiredService<ICartStorage>().Should().BeOfType<RedisStorage>();
            await provider.GetRequiredService<ICartStorage>().ProbeAsync();
        }

        redis.IsConnected.Should().BeTrue();
    }

    [Fact]
    public async Task Driver_Redis_with_no_configuration_and_no_multiplexer_fails_at_startup_naming_the_key()
    {
        await using var provider = Build(new() { ["Cart:Driver"] = "Redis" });

        FluentActions.Invoking(() => provider.GetRequiredService<IOptions<CartStorageOptions>>().Value)
            .Should().Throw<OptionsValidationException>().WithMessage("*Cart:Redis:Configuration*");
    }

    [Fact]
    public async Task Another_driver_does_not_need_redis()
    {
        await using var provider = Build(new() { ["Cart:Driver"] = "Cache" });

        provider.GetRequiredService<ICartStorage>().Should().BeOfType<CacheStorage>();
    }

    [Theory]
    [InlineData("Cart:Redis:Ttl", "00:00:00", "Cart:Redis:Ttl must be positive")]
    [InlineData("Cart:Redis:Ttl", "-1.00:00:00", "Cart:Redis:Ttl must be positive")]
    [InlineData("Cart:Redis:Retry:MaxAttempts", "0", "Cart:Redis:Retry:MaxAttempts must be at least 1")]
    [InlineData("Cart:Redis:Retry:BaseDelay", "-00:00:01", "Cart:Redis:Retry:BaseDelay must not be negative")]
    [InlineData("Cart:Redis:Retry:MaxDelay", "00:00:00.001", "Cart:Redis:Retry:MaxDelay (00:00:00.0010000) must be at least Cart:Redis:Retry:BaseDelay")]
    public async Task A_bad_value_fails_at_startup_naming_the_key(string key, string value, string message)
    {
        await using var provider = Build(new() { ["Cart:Driver"] = "Redis", ["Cart:Redis:Configuration"] = TestServers.RedisEndpoint, [key] = value });

        FluentActions.Invoking(() => provider.GetRequiredService<IOptions<CartRedisOptions>>().Value)
            .Should().Throw<OptionsValidationException>().WithMessage($"*{message}*");
    }

    [Fact]
    public async Task The_ttl_is_read_from_the_configuration()
    {
        await using var provider = Build(new() { ["Cart:Driver"] = "Redis", ["Cart:Redis:Configuration"] = TestServers.RedisEndpoint, ["Cart:Redis:Ttl"] = "2.00:00:00" });

        provider.GetRequiredService<IOptions<CartRedisOptions>>().Value.Ttl.Should().Be(TimeSpan.FromDays(2));
    }

    [Fact]
    public async Task An_unreachable_redis_is_reported_as_unavailable_with_the_drivers_exception_inside()
    {
        await using var provider = Build(new() { ["Cart:Driver"] = "Redis", ["Cart:Redis:Configuration"] = "127.0.0.1:1,connectTimeout=200,syncTimeout=200,asyncTimeout=200,connectRetry=0" });
        var storage = provider.GetRequiredService<ICartStorage>();

        var thrown = await FluentActions.Awaiting(() => storage.GetAsync("u", "default")).Should().ThrowAsync<CartStorageUnavailableException>();
        thrown.Which.InnerException.Should().BeAssignableTo<RedisException>();
        await FluentActions.Awaiting(() => storage.ProbeAsync()).Should().ThrowAsync<CartStorageUnavailableException>();
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings, Dictionary<string, string>? environment = null, Action<IServiceCollection>? services = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var collection = new ServiceCollection().AddLogging();
        collection.AddSingleton(new CartEnvironment(name => environment?.GetValueOrDefault(name)));
        services?.Invoke(collection);
        collection.AddCartStorage(configuration.GetSection("Cart")).AddRedis();
        return collection.BuildServiceProvider();
    }
}
