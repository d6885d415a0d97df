namespace CartStorage.LoadHarness;

/// <summary>The backends the harness can load, each as the environment that configures tests/CartStorage.Worker.</summary>
internal static class Backend
{
    public static readonly IReadOnlyList<string> Names = ["redis", "redis-lock", "redis-store", "sqlite", "postgres", "postgres-forupdate", "sqlite-delta", "postgres-delta", "redis-store-delta"];

    /// <summary>The suffix of a delta workload: <c>AddItemAsync</c> instead of <c>UpdateAsync</c> on the backend named before it.</summary>
    public const string DeltaSuffix = "-delta";

    /// <summary>The backend a delta workload runs on (<c>postgres</c> for <c>postgres-delta</c>); the backend itself otherwise.</summary>
    public static string Base(string backend) => backend.EndsWith(DeltaSuffix, StringComparison.Ordinal) ? backend[..^DeltaSuffix.Length] : backend;

    /// <summary>Whether the backend promises no lost update (a lock or a version check).</summary>
    public static bool Protected(string backend) => backend != "redis";

    /// <summary>The worker environment of one run; <paramref name="scratch"/> is fresh per run (key prefix, table, file).</summary>
    public static Dictionary<string, string> Environment(string backend, HarnessOptions options, string scratch, string directory)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["CART_CACHE_LOCKING"] = backend == "redis-lock" ? "true" : "false",
            ["CART_DB_LOCK_FOR_UPDATE"] = backend == "postgres-forupdate" ? "true" : "false",
            ["WORKER_BENCH_OP"] = Base(backend) == backend ? "update" : "delta",
        };
        switch (Base(backend))
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
            case "redis-store":
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
