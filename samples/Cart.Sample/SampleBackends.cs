using CartStorage;

namespace Cart.Sample;

/// <summary>
/// Registers the backend packages, so switching backend is a configuration change only:
/// <list type="bullet">
/// <item><c>Cart:Driver</c> (env <c>CART_STORAGE_DRIVER</c>) picks the backend: <c>Database</c> (the default here), <c>Cache</c>, <c>Session</c> or <c>Redis</c>
/// (RedisStorage on <c>Cart:Redis:Configuration</c>).</item>
/// <item><c>Sample:Database</c> picks the database package: <c>Sqlite</c> (default) or <c>PostgreSql</c>.</item>
/// <item><c>Cart:Redis:Configuration</c> makes the cache (and session store) Redis and enables the RedLock lock
/// provider, used when <c>Cart:Cache:UseLocking</c> / <c>CART_CACHE_LOCKING</c> is true.</item>
/// </list>
/// </summary>
internal static class SampleBackends
{
    public static void Register(CartStorageBuilder cart, IConfiguration configuration)
    {
        if (configuration["Cart:Redis:Configuration"] is { Length: > 0 } redis)
        {
            cart.Services.AddStackExchangeRedisCache(o => o.Configuration = redis);
            cart.AddRedisLocking();
        }

        if (string.Equals(configuration["CART_STORAGE_DRIVER"] ?? configuration["Cart:Driver"], CartDriver.Redis, StringComparison.OrdinalIgnoreCase))
        {
            cart.AddRedis();
        }

        var database = configuration["Sample:Database"] ?? "Sqlite";
        if (database.Equals("PostgreSql", StringComparison.OrdinalIgnoreCase))
        {
            cart.AddPostgreSql();
        }
        else if (database.Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            cart.AddSqlite();
        }
        else
        {
            throw new InvalidOperationException($"Sample:Database '{database}' is not a database package; use Sqlite or PostgreSql.");
        }

        cart.AddSession();
    }
}
