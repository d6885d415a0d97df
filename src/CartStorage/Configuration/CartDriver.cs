using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

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

    /// <summary>
    /// Whether <c>Cart:Driver</c> selects the driver <paramref name="name"/> among the drivers registered with
    /// <c>AddDriver</c> (an empty <c>Cart:Driver</c> selects the only backend package's driver): for a package's own
    /// validation of settings only its driver needs.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="name">The driver's name, such as <see cref="Redis"/>.</param>
    /// <returns>Whether that driver is the one <c>ICartStorage</c> resolves to.</returns>
    public static bool IsSelected(IServiceProvider services, string name)
    {
        ArgumentNullException.ThrowIfNull(services);
        return IsSelected(services, name, services.GetRequiredService<IOptions<CartStorageOptions>>().Value.Driver);
    }

    /// <summary>
    /// Whether the <c>Cart:Driver</c> value <paramref name="configured"/> selects the driver <paramref name="name"/>:
    /// for a validator of <see cref="CartStorageOptions"/> itself, which has the value and must not read the options.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="name">The driver's name, such as <see cref="Redis"/>.</param>
    /// <param name="configured">The <c>Cart:Driver</c> value (<see langword="null"/> or empty: not set).</param>
    /// <returns>Whether that driver is the one <c>ICartStorage</c> resolves to.</returns>
    public static bool IsSelected(IServiceProvider services, string name, string? configured)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return CartDriverValidator.Select(configured, services.GetServices<CartDriverRegistration>(), out _) is { } selected
            && string.Equals(selected.Name, name, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The package and call that register a well-known driver, for error messages.</summary>
    internal static string? HowToAdd(string name) => name.ToUpperInvariant() switch
    {
        "SESSION" => "add package CartStorage.AspNetCore and call .AddSession()",
        "DATABASE" => "add package CartStorage.Sqlite or CartStorage.PostgreSql and call .AddSqlite() or .AddPostgreSql()",
        "REDIS" => "add package CartStorage.Redis and call .AddRedis() (or .AddRedisLocking() for CacheStorage locks)",
        _ => null,
    };
}
