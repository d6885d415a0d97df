using CartStorage;
using CartStorage.Redis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the RedLock.net lock provider of <see cref="CacheStorage"/> (package CartStorage.Redis).</summary>
public static class CartStorageBuilderRedisLockingExtensions
{
    /// <summary>The <c>Cart</c> subsection this package reads: <c>Redis</c>.</summary>
    public const string SectionName = "Redis";

    /// <summary>
    /// Registers <see cref="RedLockCartLockProvider"/> as the <see cref="ICartLockProvider"/>, tuned by
    /// <c>Cart:Redis:Locking</c> (lease 10 s, retry interval 15 ms by default). Locks are taken only when
    /// <c>Cart:Cache:UseLocking</c> is on.
    /// </summary>
    /// <remarks>
    /// The lock servers are <c>Cart:Redis:Configuration</c> (one endpoint, or independent masters separated by
    /// <c>;</c> for a RedLock quorum; the provider opens and owns these connections); when it is empty, the
    /// <see cref="IConnectionMultiplexer"/> the application registered. With locking on and neither, startup fails
    /// with a message naming <c>Cart:Redis:Configuration</c>. A lock provider registered earlier wins.
    /// </remarks>
    /// <param name="builder">The builder returned by <c>AddCartStorage</c>.</param>
    /// <param name="configure">Sets <c>Cart:Redis</c> options in code, after the configuration is bound.</param>
    /// <returns>The builder, for chaining.</returns>
    public static CartStorageBuilder AddRedisLocking(this CartStorageBuilder builder, Action<CartRedisOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        builder.AddRedisSection(configure);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CartStorageOptions>, RedisLockingConfigurationValidator>());
        services.TryAddSingleton<ICartLockProvider>(CreateProvider);
        return builder;
    }

    /// <summary>Binds and validates <c>Cart:Redis</c> once, whichever of this package's registrations runs first.</summary>
    internal static void AddRedisSection(this CartStorageBuilder builder, Action<CartRedisOptions>? configure)
    {
        builder.AddSection(SectionName, configure);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CartRedisOptions>, CartRedisOptionsValidator>());
    }

    private static RedLockCartLockProvider CreateProvider(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<CartRedisOptions>>().Value;
        var loggerFactory = services.GetService<ILoggerFactory>();
        if (!string.IsNullOrWhiteSpace(options.Configuration))
        {
            return RedLockCartLockProvider.Connect(options.Configuration, options.Locking, loggerFactory);
        }

        var multiplexer = services.GetService<IConnectionMultiplexer>()
            ?? throw new CartStorageException(RedisLockingConfigurationValidator.Missing);
        return new RedLockCartLockProvider([multiplexer], options.Locking, loggerFactory);
    }
}
