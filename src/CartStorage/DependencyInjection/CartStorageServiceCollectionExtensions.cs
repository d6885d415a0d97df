using System.Diagnostics.Metrics;
using CartStorage;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the cart storage.</summary>
public static class CartStorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ICartStorage"/> with default options: the driver a backend package registers on the returned
    /// builder, or else a <see cref="CacheStorage"/> over the registered <see cref="IDistributedCache"/> (or, when none is
    /// registered, over an in-memory cache of its own: nothing is added to the service collection). Options are validated at startup.
    /// </summary>
    public static CartStorageBuilder AddCartStorage(this IServiceCollection services) =>
        services.AddCartStorageCore(null, static builder => builder.Configure<CartEnvironmentVariables>(static (o, environment) => environment.Bind(null, o)));

    /// <summary>
    /// Registers <see cref="ICartStorage"/> with options bound from <paramref name="configuration"/> (usually
    /// <c>configuration.GetSection("Cart")</c>); backend packages bind their own subsections from it. Unknown keys and
    /// malformed values fail at startup naming the key.
    /// </summary>
    public static CartStorageBuilder AddCartStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        // The configuration first, then the CART_* variables over it: options set in code afterwards win over both.
        return services.AddCartStorageCore(configuration, options => options.Configure(o => Bind(configuration, o)).Configure<CartEnvironmentVariables>(static (o, environment) => environment.Bind(null, o)));
    }

    /// <summary>Registers <see cref="ICartStorage"/> with options set by <paramref name="configure"/>.</summary>
    public static CartStorageBuilder AddCartStorage(this IServiceCollection services, Action<CartStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        // The CART_* variables first: what the action sets wins.
        return services.AddCartStorageCore(null, builder => builder.Configure<CartEnvironmentVariables>(static (o, environment) => environment.Bind(null, o)).Configure(configure));
    }

    private static CartStorageBuilder AddCartStorageCore(this IServiceCollection services, IConfiguration? configuration, Action<OptionsBuilder<CartStorageOptions>> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<CartStorageOptions>();
        configure(options);
        options.ValidateOnStart();

        services.TryAddSingleton(CartEnvironment.Process);
        services.TryAddSingleton<CartEnvironmentVariables>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CartStorageOptions>, CartStorageOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CartStorageOptions>, CartDriverValidator>());
        if (configuration is not null)
        {
            services.TryAddSingleton(new CartConfiguration(configuration));
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CartStorageOptions>, CartSectionsValidator>());
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, CartStorageStartup>());

        services.TryAddSingleton(sp =>
        {
            var value = sp.GetRequiredService<IOptions<CartStorageOptions>>().Value;
            return new CacheStorage(
                // Only the Cache driver uses a cache: without a registered one it keeps carts in a memory cache of its own.
                sp.GetService<IDistributedCache>() ?? new MemoryDistributedCache(Microsoft.Extensions.Options.Options.Create(new MemoryDistributedCacheOptions())),
                sp.GetRequiredService<IOptions<CartStorageOptions>>(),
                // The one place UseLocking is read: resolved only when locking is on, so a registered lock provider
                // does not connect to its servers for nothing.
                value.Cache.UseLocking ? sp.GetService<ICartLockProvider>() : null,
                sp.GetService<ILogger<CacheStorage>>(),
                sp.GetService<TimeProvider>(),
                sp.GetService<IMeterFactory>());
        });
        var builder = new CartStorageBuilder(services, configuration);
        builder.AddDriver(CartDriver.Cache, sp => sp.GetRequiredService<CacheStorage>());
        services.TryAddSingleton(sp =>
        {
            var driver = sp.GetRequiredService<IOptions<CartStorageOptions>>().Value.Driver;
            var selected = CartDriverValidator.Select(driver, sp.GetServices<CartDriverRegistration>(), out var error)
                ?? throw new CartStorageException(error!);
            return selected.Factory(sp);
        });
        return builder;
    }

    /// <summary>Binds the core keys; each package binds its own subsection (see <see cref="CartStorageBuilder.AddSection{TOptions}"/>).</summary>
    private static void Bind(IConfiguration configuration, CartStorageOptions options)
    {
        if (configuration[nameof(CartStorageOptions.Driver)] is { } driver)
        {
            options.Driver = driver;
        }

        if (configuration[nameof(CartStorageOptions.KeyPrefix)] is { } prefix)
        {
            options.KeyPrefix = prefix;
        }

        configuration.GetSection(nameof(CartStorageOptions.Cache)).Bind(options.Cache, static binder => binder.ErrorOnUnknownConfiguration = true);
        configuration.GetSection(nameof(CartStorageOptions.Limits)).Bind(options.Limits, static binder => binder.ErrorOnUnknownConfiguration = true);
    }
}
