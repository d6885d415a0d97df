using StackExchange.Redis;

namespace CartStorage.Testing;

/// <summary>
/// Where the real test servers are. <c>bash scripts/test.sh</c> starts them and sets the variables; without it,
/// loopback defaults are tried, and a server that cannot be reached fails the test with instructions.
/// </summary>
public static class TestServers
{
    private static readonly Lazy<Task<IConnectionMultiplexer>> Redis = new(() => ConnectAsync(RedisEndpoint, "a real redis-server", "CART_TEST_REDIS", "'redis-server --port 6379'", clusterPrimaries: 0));

    private static readonly Lazy<Task<IConnectionMultiplexer>> RedisCluster = new(() => ConnectAsync(
        RedisClusterEndpoint,
        "a real 3-primary Redis Cluster",
        "CART_TEST_REDIS_CLUSTER",
        "three 'redis-server --cluster-enabled yes' nodes joined with 'redis-cli --cluster create ... --cluster-replicas 0'",
        clusterPrimaries: 3));

    /// <summary>The Redis endpoint: env <c>CART_TEST_REDIS</c>, default <c>127.0.0.1:6379</c>.</summary>
    public static string RedisEndpoint => Environment.GetEnvironmentVariable("CART_TEST_REDIS") is { Length: > 0 } value ? value : "127.0.0.1:6379";

    /// <summary>
    /// The nodes of the test Redis Cluster, comma-separated (a StackExchange.Redis configuration string): env
    /// <c>CART_TEST_REDIS_CLUSTER</c>, default <c>127.0.0.1:7000,127.0.0.1:7001,127.0.0.1:7002</c>.
    /// </summary>
    public static string RedisClusterEndpoint => Environment.GetEnvironmentVariable("CART_TEST_REDIS_CLUSTER") is { Length: > 0 } value
        ? value
        : "127.0.0.1:7000,127.0.0.1:7001,127.0.0.1:7002";

    /// <summary>The PostgreSQL connection string: env <c>CART_TEST_POSTGRES</c>, default a loopback server.</summary>
    public static string PostgresConnectionString => Environment.GetEnvironmentVariable("CART_TEST_POSTGRES") is { Length: > 0 } value
        ? value
        : "Host=127.0.0.1;Port=5432;Username=postgres;Database=postgres";

    /// <summary>One shared connection to the test Redis (never disposed synchronously: it lives as long as the test process).</summary>
    public static Task<IConnectionMultiplexer> RedisAsync() => Redis.Value;

    /// <summary>One shared connection to the test Redis Cluster, checked to be a cluster, living as long as the test process.</summary>
    public static Task<IConnectionMultiplexer> RedisClusterAsync() => RedisCluster.Value;

    private static async Task<IConnectionMultiplexer> ConnectAsync(string endpoint, string what, string variable, string howToStart, int clusterPrimaries)
    {
        try
        {
            var options = ConfigurationOptions.Parse(endpoint);
            options.AbortOnConnectFail = true;
            options.ConnectTimeout = 5000;
            var connection = await ConnectionMultiplexer.ConnectAsync(options);
            if (connection.GetServers().Count(s => !s.IsReplica && s.ServerType == ServerType.Cluster) < clusterPrimaries)
            {
                throw new InvalidOperationException($"{endpoint} (env {variable}) is not a Redis Cluster of {clusterPrimaries} primaries.");
            }

            return connection;
        }
        catch (RedisConnectionException e)
        {
            throw new InvalidOperationException(
                $"These tests need {what} at {endpoint} (env {variable}). Run all tests with 'bash scripts/test.sh', which installs and starts it, or start it yourself: {howToStart}.",
                e);
        }
    }
}
