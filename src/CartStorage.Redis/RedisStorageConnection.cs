using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CartStorage.Redis;

/// <summary>
/// The connection of the registered <see cref="RedisStorage"/>: opened from <c>Cart:Redis:Configuration</c> and owned
/// (disposed with the service provider), or else the application's <see cref="IConnectionMultiplexer"/>, not owned.
/// </summary>
internal sealed class RedisStorageConnection : IDisposable
{
    private readonly bool owned;

    public RedisStorageConnection(IServiceProvider services)
    {
        var configuration = services.GetRequiredService<IOptions<CartRedisOptions>>().Value.Configuration;
        if (string.IsNullOrWhiteSpace(configuration))
        {
            Multiplexer = services.GetService<IConnectionMultiplexer>() ?? throw new CartStorageException(RedisStorageConfigurationValidator.Missing);
            return;
        }

        var options = Parse(configuration);

        // Redis being down at startup must not stop the application: operations fail with CartStorageUnavailableException.
        options.AbortOnConnectFail = false;
        Multiplexer = ConnectionMultiplexer.Connect(options);
        owned = true;
    }

    public IConnectionMultiplexer Multiplexer { get; }

    public void Dispose()
    {
        if (owned)
        {
            Multiplexer.Dispose();
        }
    }

    /// <summary>Parses <c>Cart:Redis:Configuration</c>; throws <see cref="ArgumentException"/> naming the key when malformed.</summary>
    public static ConfigurationOptions Parse(string configuration)
    {
        try
        {
            return ConfigurationOptions.Parse(configuration);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"Cart:Redis:Configuration '{configuration}' is not a StackExchange.Redis configuration: {e.Message}", nameof(configuration), e);
        }
    }
}
