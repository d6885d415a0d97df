using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the backend packages the worker can run on; which one is used is decided by configuration.</summary>
internal static class WorkerBackends
{
    public static void Register(CartStorageBuilder cart, IConfiguration configuration)
    {
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
