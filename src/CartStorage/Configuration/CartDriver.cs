namespace CartStorage;

/// <summary>
/// The names of the drivers that this library's packages register, for <c>Cart:Driver</c> (env
/// <c>CART_STORAGE_DRIVER</c>). A driver is a name, matched case-insensitively; any package can register its own with
/// <see cref="Microsoft.Extensions.DependencyInjection.CartStorageBuilder.AddDriver"/>.
/// </summary>
public static class CartDriver
{
    /// <summary><c>Cache</c>: the registered <c>IDistributedCache</c>, else a memory cache of its own (package CartStorage, always registered).</summary>
    public const string Cache = "Cache";

    /// <summary><c>Session</c>: ASP.NET Core session (package CartStorage.AspNetCore, <c>.AddSession()</c>).</summary>
    public const string Session = "Session";

    /// <summary><c>Database</c>: a relational table (packages CartStorage.Sqlite / CartStorage.PostgreSql, <c>.AddSqlite()</c> / <c>.AddPostgreSql()</c>).</summary>
    public const string Database = "Database";

    /// <summary><c>Redis</c>: Redis or a Redis Cluster with a store-enforced version check (package CartStorage.Redis, <c>.AddRedis()</c>).</summary>
    public const string Redis = "Redis";

    /// <summary>The package and call that register a well-known driver, for error messages.</summary>
    internal static string? HowToAdd(string name) => name.ToUpperInvariant() switch
    {
        "SESSION" => "add package CartStorage.AspNetCore and call .AddSession()",
        "DATABASE" => "add package CartStorage.Sqlite or CartStorage.PostgreSql and call .AddSqlite() or .AddPostgreSql()",
        "REDIS" => "add package CartStorage.Redis and call .AddRedis() (or .AddRedisLocking() for CacheStorage locks)",
        _ => null,
    };
}
