using System.Diagnostics.Metrics;
using CartStorage;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the cart storage.</summary>
public static class CartStorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ICartStorage"/> with default options: a <see cref="CacheStorage"/> over the registered
    /// <see cref="IDistributedCache"/> (an in-memory one is added if none is registered). Options are validated at startup.
    /// </summary>
    public static CartStorageBuilder AddCartStorage(this IServiceCollection services) =>
        services.AddCartStorageCore(static _ => { });

    /// <summary>
    /// Registers <see cref="ICartStorage"/> with options bound from <paramref name="configuration"/> (usually
    /// <c>configuration.GetSection("Cart")</c>); unknown keys and malformed values fail at startup naming the key.
    /// </summary>
    public static CartStorageBuilder AddCartStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services.AddCartStorageCore(builder => builder.Bind(configuration, binder => binder.ErrorOnUnknownConfiguration = true));
    }

    /// <summary>Registers <see cref="ICartStorage"/> with options set by <paramref name="configure"/>.</summary>
    public static CartStorageBuilder AddCartStorage(this IServiceCollection services, Action<CartStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return services.AddCartStorageCore(builder => builder.Configure(configure));
    }

    private static CartStorageBuilder AddCartStorageCore(this IServiceCollection services, Action<OptionsBuilder<CartStorageOptions>> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<CartStorageOptions>();
        configure(options);
        options.ValidateOnStart();

        services.TryAddSingleton(CartEnvironment.Process);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<CartStorageOptions>, CartEnvironmentOverrides>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CartStorageOptions>, CartStorageOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CartStorageOptions>, CartDriverValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddDistributedMemoryCache();

        services.TryAddSingleton(sp => new CacheStorage(
            sp.GetRequiredService<IDistributedCache>(),
            sp.GetRequiredService<IOptions<CartStorageOptions>>(),
            // Resolved only when locking is on, so a registered lock provider does not connect to its servers for nothing.
            sp.GetRequiredService<IOptions<CartStorageOptions>>().Value.Cache.UseLocking ? sp.GetService<ICartLockProvider>() : null,
            sp.GetService<ILogger<CacheStorage>>(),
            sp.GetService<TimeProvider>(),
            sp.GetService<IMeterFactory>()));
        var builder = new CartStorageBuilder(services);
        builder.AddBackend(CartDriver.Cache, sp => sp.GetRequiredService<CacheStorage>());
        services.TryAddSingleton(sp =>
        {
            var driver = sp.GetRequiredService<IOptions<CartStorageOptions>>().Value.Driver;
            return sp.GetKeyedService<ICartStorage>(driver) ?? throw new CartStorageException(CartDriverValidator.Missing(driver));
        });
        return builder;
    }
}
