using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CartStorage.Redis;

/// <summary>
/// Fails startup when <c>Cart:Cache:UseLocking</c> is on, <c>.AddRedisLocking()</c> was called, and there is nowhere to
/// take locks: <c>Cart:Redis:Configuration</c> empty or malformed, and no <see cref="IConnectionMultiplexer"/> registered.
/// </summary>
internal sealed class RedisLockingConfigurationValidator(IServiceProviderIsService services, IOptions<CartRedisOptions> redis) : IValidateOptions<CartStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, CartStorageOptions options)
    {
        if (!options.Cache.UseLocking)
        {
            return ValidateOptionsResult.Success;
        }

        if (!string.IsNullOrWhiteSpace(redis.Value.Configuration))
        {
            try
            {
                _ = RedLockCartLockProvider.ParseMasters(redis.Value.Configuration);
                return ValidateOptionsResult.Success;
            }
            catch (ArgumentException e)
            {
                return ValidateOptionsResult.Fail(e.Message);
            }
        }

        return services.IsService(typeof(IConnectionMultiplexer))
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(Missing);
    }

    public const string Missing =
        "Cart:Cache:UseLocking is true and .AddRedisLocking() is registered, but Cart:Redis:Configuration is empty and no "
        + "IConnectionMultiplexer is registered: set Cart:Redis:Configuration to the lock servers ('localhost:6379', or "
        + "independent masters separated by ';'), or register an IConnectionMultiplexer.";
}
