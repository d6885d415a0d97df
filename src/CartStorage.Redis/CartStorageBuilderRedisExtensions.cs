using System.Diagnostics.Metrics;
using CartStorage;
using CartStorage.Redis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="RedisStorage"/>, the Redis store with a store-enforced version check (package CartStorage.Redis).</summary>
public static class CartStorageBuilderRedisExtensions
{
    /// <summary>
    /// Registers <see cref="RedisStorage"/> as the <see cref="CartDriver.Redis"/> driver (<c>Cart:Driver = Redis</c>, env
    /// <c>CART_STORAGE_DRIVER=Redis</c>), tuned by <c>Cart:Redis</c>: <c>Ttl</c> (30 days) and <c>Retry</c>
    /// (10 attempts, 10 ms to 1 s backoff), validated at startup.
    /// </summary>
    /// <remarks>
    /// Redis is <c>Cart:Redis:Configuration</c> (a StackExchange.Redis configuration string: one server or the nodes of a
    /// cluster; the storage opens and owns that connection), or, when it is empty, the <see cref="IConnectionMultiplexer"/>
    /// the application registered. With the driver selected and neither, startup fails with a message naming
    /// <c>Cart:Redis:Configuration</c>.
    /// </remarks>
    /// <param name="builder">The builder returned by <c>AddCartStorage</c>.</param>
    /// <param name="configure">Sets <c>Cart:Redis</c> options in code, after the configuration is bound.</param>
    /// <returns>The builder, for chaining.</returns>
    public static CartStorageBuilder AddRedis(this CartStorageBuilder builder, Action<CartRedisOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        builder.AddRedisSection(configure);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CartStorageOptions>, RedisStorageConfigurationValidator>());
        services.TryAddSingleton(sp => new RedisStorageConnection(sp));
        services.TryAddSingleton(sp => new RedisStorage(
            sp.GetRequiredService<RedisStorageConnection>().Multiplexer,
            sp.GetRequiredService<IOptions<CartStorageOptions>>(),
            sp.GetRequiredService<IOptions<CartRedisOptions>>(),
            sp.GetService<ILogger<RedisStorage>>(),
            sp.GetService<TimeProvider>(),
            sp.GetService<IMeterFactory>()));
        return builder.AddDriver(CartDriver.Redis, sp => sp.GetRequiredService<RedisStorage>());
    }
}
