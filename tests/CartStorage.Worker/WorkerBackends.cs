using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the backend packages the worker can run on; which one is used is decided by configuration.</summary>
internal static class WorkerBackends
{
    public static void Register(CartStorageBuilder cart, IConfiguration configuration)
    {
        // Cart__Redis__Configuration: lock servers for Cart__Cache__UseLocking / CART_CACHE_LOCKING.
        // WORKER_LOCK_LEASE_MS shortens the lease, so a killed holder blocks the others briefly.
        if (!string.IsNullOrWhiteSpace(configuration["Cart:Redis:Configuration"]))
        {
            cart.AddRedisLocking(o =>
            {
                if (configuration["WORKER_LOCK_LEASE_MS"] is { Length: > 0 } lease)
                {
                    o.Locking.Lease = TimeSpan.FromMilliseconds(int.Parse(lease, CultureInfo.InvariantCulture));
                }
            });
        }

        // Cart__Driver=Redis (or CART_STORAGE_DRIVER=Redis): RedisStorage on Cart__Redis__Configuration (a server or a cluster).
        if (string.Equals(configuration["CART_STORAGE_DRIVER"] ?? configuration["Cart:Driver"], "Redis", StringComparison.OrdinalIgnoreCase))
        {
            cart.AddRedis();
        }

        // WORKER_DATABASE=sqlite|postgresql picks the database package (with Cart__Driver=Database and
        // Cart__Database__ConnectionString / Cart__Database__Table / CART_DB_LOCK_FOR_UPDATE).
        switch (configuration["WORKER_DATABASE"])
        {
            case "sqlite":
                cart.AddSqlite();
                break;
            case "postgresql":
                cart.AddPostgreSql();
                break;
        }
    }
}
