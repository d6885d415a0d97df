using StackExchange.Redis;

namespace CartStorage.Testing;

/// <summary>
/// Where the real test servers are. <c>bash scripts/test.sh</c> starts them and sets the variables; without it,
/// loopback defaults are tried, and a server that cannot be reached fails the test with instructions.
/// </summary>
public static class TestServers
{
    private static readonly Lazy<Task<IConnectionMultiplexer>> Redis = new(ConnectRedisAsync);

    /// <summary>The Redis endpoint: env <c>CART_TEST_REDIS</c>, default <c>127.0.0.1:6379</c>.</summary>
    public static string RedisEndpoint => Environment.GetEnvironmentVariable("CART_TEST_REDIS") is { Length: > 0 } value ? value : "127.0.0.1:6379";

    /// <summary>The PostgreSQL connection string: env <c>CART_TEST_POSTGRES</c>, default a loopback server.</summary>
    public static string PostgresConnectionString => Environment.GetEnvironmentVariable("CART_TEST_POSTGRES") is { Length: > 0 } value
        ? value
        : "Host=127.0.0.1;Port=5432;Username=postgres;Database=postgres";

    /// <summary>One shared connection to the test Redis (never disposed synchronously: it lives as long as the test process).</summary>
    public static Task<IConnectionMultiplexer> RedisAsync() => Redis.Value;

    private static async Task<IConnectionMultiplexer> ConnectRedisAsync()
    {
        try
        {
            var options = ConfigurationOptions.Parse(RedisEndpoint);
            options.AbortOnConnectFail = true;
            options.ConnectTimeout = 5000;
            return await ConnectionMultiplexer.ConnectAsync(options);
        }
        catch (RedisConnectionException e)
        {
            throw new InvalidOperationException(
                $"These tests need a real redis-server at {RedisEndpoint} (env CART_TEST_REDIS). Run all tests with 'bash scripts/test.sh', which installs and starts one, or start one yourself: 'redis-server --port 6379'.",
                e);
        }
    }
}
