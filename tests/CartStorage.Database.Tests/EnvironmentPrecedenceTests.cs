using CartStorage.Sqlite;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CartStorage.Database.Tests;

/// <summary>
/// Where the CART_* variables sit: over the configuration given to AddCartStorage, under options set in code
/// (docs/configuration.md); and the memory cache that only the Cache driver uses.
/// </summary>
public sealed class EnvironmentPrecedenceTests
{
    private static readonly Dictionary<string, string> Environment = new()
    {
        ["CART_CACHE_LOCKING"] = "true",
        ["CART_LOCK_TIMEOUT"] = "7",
        ["CART_DB_LOCK_FOR_UPDATE"] = "1",
    };

    [Fact]
    public void Options_set_by_the_action_overload_win_over_the_variables_and_the_rest_come_from_them()
    {
        var services = Services();
        services.AddCartStorage(o => o.Cache.UseLocking = false);

        var options = Options(services);

        options.Cache.UseLocking.Should().BeFalse("the action set it");
        options.Cache.LockTimeout.Should().Be(TimeSpan.FromSeconds(7), "the action left it, so the variable applies");
    }

    [Fact]
    public void Options_configured_in_code_after_binding_the_section_win_over_the_variables()
    {
        var services = Services();
        services.AddCartStorage(Section(new() { ["Cart:Cache:LockTimeout"] = "00:00:09" }));
        services.Configure<CartStorageOptions>(o => o.Cache.UseLocking = false);

        var options = Options(services);

        options.Cache.UseLocking.Should().BeFalse("code wins over CART_CACHE_LOCKING");
        options.Cache.LockTimeout.Should().Be(TimeSpan.FromSeconds(7), "CART_LOCK_TIMEOUT wins over the file");
    }

    [Fact]
    public void A_package_section_takes_its_variable_over_the_file_and_under_its_configure_action()
    {
        var fromFile = Services();
        fromFile.AddCartStorage(Section(new() { ["Cart:Database:LockForUpdate"] = "false" })).AddSqlite();
        var inCode = Services();
        inCode.AddCartStorage(Section([])).AddSqlite(o => o.LockForUpdate = false);

        Database(fromFile).LockForUpdate.Should().BeTrue("CART_DB_LOCK_FOR_UPDATE wins over the file");
        Database(inCode).LockForUpdate.Should().BeFalse("the configure action wins over CART_DB_LOCK_FOR_UPDATE");
    }

    [Fact]
    public void A_malformed_package_variable_fails_naming_it_and_not_the_core_options()
    {
        var services = new ServiceCollection();
        services.AddSingleton(new CartEnvironment(name => name == "CART_DB_LOCK_FOR_UPDATE" ? "maybe" : null));
        services.AddCartStorage(Section([])).AddSqlite();
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IOptions<CartStorageOptions>>().Value.Should().NotBeNull();
        FluentActions.Invoking(() => provider.GetRequiredService<IOptions<CartDatabaseOptions>>().Value)
            .Should().Throw<OptionsValidationException>().WithMessage("*CART_DB_LOCK_FOR_UPDATE='maybe'*");
    }

    [Fact]
    public void A_storage_other_than_the_cache_registers_no_distributed_cache()
    {
        var services = Services();
        services.AddCartStorage(o => o.Driver = "Database").AddSqlite();
        using var provider = services.BuildServiceProvider();

        provider.GetService<IDistributedCache>().Should().BeNull();
    }

    private static ServiceCollection Services()
    {
        var services = new ServiceCollection();
        services.AddSingleton(new CartEnvironment(name => Environment.GetValueOrDefault(name)));
        return services;
    }

    private static IConfiguration Section(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection("Cart");

    private static CartStorageOptions Options(ServiceCollection services)
    {
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<CartStorageOptions>>().Value;
    }

    private static CartDatabaseOptions Database(ServiceCollection services)
    {
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<CartDatabaseOptions>>().Value;
    }
}
