using CartStorage.Testing;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CartStorage.Tests;

/// <summary>The <c>Cart</c> section, the CART_* environment overrides and startup validation.</summary>
public sealed class ConfigurationTests
{
    [Fact]
    public void Defaults_are_the_documented_ones()
    {
        var options = Resolve(new Dictionary<string, string?>());

        options.Driver.Should().BeNull("no driver set means: the one a package registered, else Cache");
        options.KeyPrefix.Should().Be("cart");
        options.Cache.Ttl.Should().Be(TimeSpan.FromDays(1));
        options.Cache.UseLocking.Should().BeFalse();
        options.Cache.LockTimeout.Should().Be(TimeSpan.FromSeconds(5));
        options.Limits.MaxItems.Should().Be(1000);
        options.Limits.MaxDataSizeBytes.Should().Be(1048576);
        options.Limits.MaxItemQuantity.Should().Be(10000);
        options.Limits.MaxStringLength.Should().Be(255);
    }

    [Fact]
    public void Every_key_binds_from_the_Cart_section()
    {
        var options = Resolve(new Dictionary<string, string?>
        {
            ["Cart:Driver"] = "cache",
            ["Cart:KeyPrefix"] = "shop-carts",
            ["Cart:Cache:Ttl"] = "02:00:00",
            ["Cart:Cache:UseLocking"] = "true",
            ["Cart:Cache:LockTimeout"] = "00:00:02",
            ["Cart:Limits:MaxItems"] = "10",
            ["Cart:Limits:MaxDataSizeBytes"] = "2048",
            ["Cart:Limits:MaxItemQuantity"] = "5",
            ["Cart:Limits:MaxStringLength"] = "64",
        });

        options.KeyPrefix.Should().Be("shop-carts");
        options.Cache.Ttl.Should().Be(TimeSpan.FromHours(2));
        options.Cache.UseLocking.Should().BeTrue();
        options.Cache.LockTimeout.Should().Be(TimeSpan.FromSeconds(2));
        options.Driver.Should().Be("cache");
        options.Limits.Should().BeEquivalentTo(new CartLimitsOptions { MaxItems = 10, MaxDataSizeBytes = 2048, MaxItemQuantity = 5, MaxStringLength = 64 });
    }

    [Fact]
    public void Environment_variables_override_the_file()
    {
        var options = Resolve(
            new Dictionary<string, string?> { ["Cart:Cache:UseLocking"] = "false", ["Cart:Cache:LockTimeout"] = "00:00:09" },
            new Dictionary<string, string>
            {
                ["CART_CACHE_LOCKING"] = "1",
                ["CART_LOCK_TIMEOUT"] = "2.5",
                ["CART_STORAGE_DRIVER"] = "cache",
            });

        options.Cache.UseLocking.Should().BeTrue();
        options.Cache.LockTimeout.Should().Be(TimeSpan.FromSeconds(2.5));
        options.Driver.Should().Be("cache");
    }

    [Theory]
    [InlineData("CART_CACHE_LOCKING", "yes")]
    [InlineData("CART_CACHE_LOCKING", "2")]
    [InlineData("CART_LOCK_TIMEOUT", "five")]
    [InlineData("CART_LOCK_TIMEOUT", "0")]
    [InlineData("CART_LOCK_TIMEOUT", "-1")]
    [InlineData("CART_LOCK_TIMEOUT", "NaN")]
    [InlineData("CART_STORAGE_DRIVER", "Mongo")]
    [InlineData("CART_STORAGE_DRIVER", "1")]
    public void A_malformed_environment_variable_fails_naming_it(string variable, string value)
    {
        var act = () => Resolve(new Dictionary<string, string?>(), new Dictionary<string, string> { [variable] = value });

        act.Should().Throw<OptionsValidationException>().WithMessage($"*{variable}*");
    }

    [Theory]
    [InlineData("Cart:Cache:Ttl", "-00:01:00", "Cart:Cache:Ttl")]
    [InlineData("Cart:Cache:Ttl", "00:00:00", "Cart:Cache:Ttl")]
    [InlineData("Cart:Cache:LockTimeout", "00:00:00", "Cart:Cache:LockTimeout")]
    [InlineData("Cart:KeyPrefix", "a:b", "Cart:KeyPrefix")]
    [InlineData("Cart:KeyPrefix", "{x}", "Cart:KeyPrefix")]
    [InlineData("Cart:Limits:MaxItems", "0", "Cart:Limits:MaxItems")]
    [InlineData("Cart:Limits:MaxDataSizeBytes", "-1", "Cart:Limits:MaxDataSizeBytes")]
    [InlineData("Cart:Limits:MaxItemQuantity", "0", "Cart:Limits:MaxItemQuantity")]
    [InlineData("Cart:Limits:MaxStringLength", "0", "Cart:Limits:MaxStringLength")]
    [InlineData("Cart:Driver", "Mongo", "Cart:Driver*Valid values: Cache")]
    [InlineData("Cart:Sesion:Name", "x", "Cart:Sesion is not a known configuration key")]
    public void An_invalid_value_fails_validation_naming_the_key(string key, string value, string named)
    {
        var act = () => Resolve(new Dictionary<string, string?> { [key] = value });

        act.Should().Throw<OptionsValidationException>().WithMessage($"*{named}*");
    }

    [Theory]
    [InlineData("Cart:Cache:Ttl", "one day", "Cart:Cache:Ttl")]
    [InlineData("Cart:Cache:UseLocking", "maybe", "Cart:Cache:UseLocking")]
    [InlineData("Cart:Limits:MaxItems", "many", "Cart:Limits:MaxItems")]
    [InlineData("Cart:Cache:UseLockng", "true", "UseLockng")]
    public void A_malformed_or_unknown_key_fails_naming_it(string key, string value, string named)
    {
        var act = () => Resolve(new Dictionary<string, string?> { [key] = value });

        act.Should().Throw<InvalidOperationException>().WithMessage($"*{named}*");
    }

    [Theory]
    [InlineData("Cart:Database:Table", "Cart:Database*CartStorage.Sqlite*AddSqlite()*")]
    [InlineData("Cart:Redis:Configuration", "Cart:Redis*CartStorage.Redis*AddRedis()*")]
    public async Task The_section_of_a_package_that_is_not_registered_is_reported_at_startup(string key, string warning)
    {
        var logs = new CapturingLoggerProvider();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders().AddProvider(logs);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [key] = "x" });
        builder.Services.AddCartStorage(builder.Configuration.GetSection("Cart"));
        using var host = builder.Build();

        await host.StartAsync();
        await host.StopAsync();

        logs.Messages.Where(m => m.Level == LogLevel.Warning).Select(m => m.Text).Should().ContainSingle(m => m.Contains("no registered package reads it")).Which.Should().Match(warning);
    }

    [Fact]
    public async Task Validation_runs_when_the_host_starts()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Cart:Cache:Ttl"] = "-1.00:00:00" });
        builder.Services.AddCartStorage(builder.Configuration.GetSection("Cart"));
        using var host = builder.Build();

        var act = () => host.StartAsync();

        await act.Should().ThrowAsync<OptionsValidationException>().WithMessage("*Cart:Cache:Ttl*");
    }

    [Theory]
    [InlineData("Database", "AddSqlite")]
    [InlineData("Session", "AddSession")]
    public void A_driver_whose_package_is_not_registered_fails_at_startup_saying_what_to_add(string driver, string hint)
    {
        var act = () => Resolve(new Dictionary<string, string?> { ["Cart:Driver"] = driver });

        act.Should().Throw<OptionsValidationException>().WithMessage($"*Cart:Driver*{hint}*");
    }

    [Fact]
    public async Task AddCartStorage_alone_gives_a_working_cache_storage_over_an_in_memory_cache()
    {
        await using var provider = new ServiceCollection().AddCartStorage().Services.BuildServiceProvider();

        var storage = provider.GetRequiredService<ICartStorage>();
        await storage.PutItemsAsync("u", "default", [Testing.CartData.Item("a")]);

        storage.Should().BeOfType<CacheStorage>();
        (await storage.GetItemsAsync("u", "default")).Should().ContainSingle();
        provider.GetService<IDistributedCache>().Should().BeNull("the Cache driver keeps its memory cache to itself: the application's service collection gains no IDistributedCache");
    }

    [Fact]
    public async Task A_distributed_cache_registered_by_the_application_is_used()
    {
        var mine = new CountingCache();
        var services = new ServiceCollection();
        services.AddSingleton<IDistributedCache>(mine);
        services.AddCartStorage(o => o.KeyPrefix = "mine");
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<ICartStorage>().PutItemsAsync("u", "default", [Testing.CartData.Item("a")]);

        mine.Writes.Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task The_action_overload_configures_the_options()
    {
        await using var provider = new ServiceCollection().AddCartStorage(o => o.Limits.MaxItems = 1).Services.BuildServiceProvider();
        var storage = provider.GetRequiredService<ICartStorage>();

        await FluentActions.Awaiting(() => storage.PutItemsAsync("u", "default", [Testing.CartData.Item("a"), Testing.CartData.Item("b")]))
            .Should().ThrowAsync<CartLimitExceededException>();
    }

    private static CartStorageOptions Resolve(Dictionary<string, string?> settings, Dictionary<string, string>? environment = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton(new CartEnvironment(name => environment?.GetValueOrDefault(name)));
        services.AddCartStorage(configuration.GetSection("Cart"));
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<CartStorageOptions>>().Value;
    }


    private sealed class CountingCache : IDistributedCache
    {
        private readonly MemoryDistributedCache inner = new(Options.Create(new Microsoft.Extensions.Caching.Memory.MemoryDistributedCacheOptions()));

        public int Writes { get; private set; }

        public byte[]? Get(string key) => inner.Get(key);

        public Task<byte[]?> GetAsync(string key, CancellationToken token = default) => inner.GetAsync(key, token);

        public void Refresh(string key) => inner.Refresh(key);

        public Task RefreshAsync(string key, CancellationToken token = default) => inner.RefreshAsync(key, token);

        public void Remove(string key) => inner.Remove(key);

        public Task RemoveAsync(string key, CancellationToken token = default) => inner.RemoveAsync(key, token);

        public void Set(string key, byte[] value, DistributedCacheEntryOptions options)
        {
            Writes++;
            inner.Set(key, value, options);
        }

        public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
        {
            Writes++;
            return inner.SetAsync(key, value, options, token);
        }
    }
}
