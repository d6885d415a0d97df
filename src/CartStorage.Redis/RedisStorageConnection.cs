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

    /// <summary>
    /// Parses <c>Cart:Redis:Configuration</c> (or the part of it that <paramref name="key"/> names); throws
    /// <see cref="ArgumentException"/> naming the key when malformed. Neither the message nor an inner exception repeats
    /// the value or the driver's message, which quotes it: it can hold a password, and a password with a comma reads as
    /// an option of its own.
    /// </summary>
    public static ConfigurationOptions Parse(string configuration, string key = "Cart:Redis:Configuration")
    {
        try
        {
            return ConfigurationOptions.Parse(configuration);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            throw new ArgumentException(
                $"{key} is not a StackExchange.Redis configuration string: an option is unknown or has a malformed value (the value is not repeated here: it can hold a password).",
                nameof(configuration));
        }
    }
}
