using CartStorage;
using CartStorage.Redis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the RedLock.net lock provider of <see cref="CacheStorage"/> (package CartStorage.Redis).</summary>
public static class RedisLockingCartStorageBuilderExtensions
{
    /// <summary>
    /// Registers <see cref="RedLockCartLockProvider"/> as the <see cref="ICartLockProvider"/> with the default
    /// <see cref="RedisLockingOptions"/> (lease 10 s, retry interval 15 ms). Locks are taken only when
    /// <c>Cart:Cache:UseLocking</c> is on.
    /// </summary>
    /// <remarks>
    /// The lock servers are <c>Cart:Redis:Configuration</c> (one endpoint, or independent masters separated by
    /// <c>;</c> for a RedLock quorum; the provider opens and owns these connections); when it is empty, the
    /// <see cref="IConnectionMultiplexer"/> the application registered. With locking on and neither, startup fails
    /// with a message naming <c>Cart:Redis:Configuration</c>. A lock provider registered earlier wins.
    /// </remarks>
    public static CartStorageBuilder AddRedisLocking(this CartStorageBuilder builder) =>
        builder.AddRedisLocking(static _ => { });

    /// <summary>
    /// Registers <see cref="RedLockCartLockProvider"/> as <see cref="AddRedisLocking(CartStorageBuilder)"/> does, with
    /// <see cref="RedisLockingOptions"/> set by <paramref name="configure"/> (validated at startup).
    /// </summary>
    public static CartStorageBuilder AddRedisLocking(this CartStorageBuilder builder, Action<RedisLockingOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        services.AddOptions<RedisLockingOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RedisLockingOptions>, RedisLockingOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CartStorageOptions>, RedisLockingConfigurationValidator>());
        services.TryAddSingleton<ICartLockProvider>(CreateProvider);
        return builder;
    }

    private static RedLockCartLockProvider CreateProvider(IServiceProvider services)
    {
        var configuration = services.GetRequiredService<IOptions<CartStorageOptions>>().Value.Redis.Configuration;
        var options = services.GetRequiredService<IOptions<RedisLockingOptions>>().Value;
        var loggerFactory = services.GetService<ILoggerFactory>();
        if (!string.IsNullOrWhiteSpace(configuration))
        {
            return RedLockCartLockProvider.Connect(configuration, options, loggerFactory);
        }

        var multiplexer = services.GetService<IConnectionMultiplexer>()
            ?? throw new CartStorageException(RedisLockingConfigurationValidator.Missing);
        return new RedLockCartLockProvider([multiplexer], options, loggerFactory);
    }
}
