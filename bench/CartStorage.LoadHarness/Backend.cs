namespace CartStorage.LoadHarness;

/// <summary>The backends the harness can load, each as the environment that configures tests/CartStorage.Worker.</summary>
internal static class Backend
{
    public static readonly IReadOnlyList<string> Names = ["redis", "redis-lock", "redis-store", "redis-store-add", "sqlite", "postgres", "postgres-forupdate"];

    /// <summary>Whether the backend promises no lost update (a lock or a version check).</summary>
    public static bool Protected(string backend) => backend != "redis";

    /// <summary>The worker environment of one run; <paramref name="scratch"/> is fresh per run (key prefix, table, file).</summary>
    public static Dictionary<string, string> Environment(string backend, HarnessOptions options, string scratch, string directory)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["CART_CACHE_LOCKING"] = backend == "redis-lock" ? "true" : "false",
            ["CART_DB_LOCK_FOR_UPDATE"] = backend == "postgres-forupdate" ? "true" : "false",
        };
        switch (backend)
        {
            case "redis" or "redis-lock":
                environment["Cart__Driver"] = "Cache";
                environment["Cart__KeyPrefix"] = scratch;
                environment["WORKER_REDIS_CACHE"] = options.Redis;
                if (backend == "redis-lock")
                {
                    environment["Cart__Redis__Configuration"] = options.Redis;
                }

                break;
            case "redis-store" or "redis-store-add":
                // redis-store-add: each increment is an AddItemAsync (RedisStorage's one-script delta), not an UpdateAsync.
                environment["WORKER_BENCH_WRITE"] = backend == "redis-store-add" ? "add" : "update";
                environment["Cart__Driver"] = "Redis";
                environment["Cart__KeyPrefix"] = scratch;
                environment["Cart__Redis__Configuration"] = options.Redis;
                break;
            case "sqlite":
                environment["Cart__Driver"] = "Database";
                environment["WORKER_DATABASE"] = "sqlite";
                environment["Cart__Database__ConnectionString"] = $"Data Source={Path.Combine(directory, scratch + ".db")}";
                break;
            default:
                environment["Cart__Driver"] = "Database";
                environment["WORKER_DATABASE"] = "postgresql";
                environment["Cart__Database__ConnectionString"] = options.Postgres;
                environment["Cart__Database__Table"] = scratch;
                break;
        }

        return environment;
    }
}
