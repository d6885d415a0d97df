using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CartStorage.Redis;

/// <summary>
/// Fails startup when the <c>Redis</c> driver is selected and there is no Redis to talk to:
/// <c>Cart:Redis:Configuration</c> empty or malformed, and no <see cref="IConnectionMultiplexer"/> registered.
/// </summary>
internal sealed class RedisStorageConfigurationValidator(
    IServiceProvider services,
    IOptions<CartRedisOptions> redis) : IValidateOptions<CartStorageOptions>
{
    public const string Missing =
        "Cart:Driver is Redis, but Cart:Redis:Configuration is empty and no IConnectionMultiplexer is registered: set "
        + "Cart:Redis:Configuration to the Redis server or cluster nodes ('localhost:6379'), or register an IConnectionMultiplexer.";

    public ValidateOptionsResult Validate(string? name, CartStorageOptions options)
    {
        if (!CartDriver.IsSelected(services, CartDriver.Redis, options.Driver))
        {
            return ValidateOptionsResult.Success;
        }

        if (!string.IsNullOrWhiteSpace(redis.Value.Configuration))
        {
            try
            {
                _ = RedisStorageConnection.Parse(redis.Value.Configuration);
                return ValidateOptionsResult.Success;
            }
            catch (ArgumentException e)
            {
                return ValidateOptionsResult.Fail(e.Message);
            }
        }

        return services.GetService<IServiceProviderIsService>()?.IsService(typeof(IConnectionMultiplexer)) == true ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(Missing);
    }
}
