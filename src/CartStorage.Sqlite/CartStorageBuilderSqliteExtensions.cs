using CartStorage;
using CartStorage.Database;
using CartStorage.Sqlite;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the SQLite backend.</summary>
public static class CartStorageBuilderSqliteExtensions
{
    /// <summary>The connection string used when <c>Cart:Database:ConnectionString</c> is not set: a <c>carts.db</c> file in the working directory.</summary>
    public const string DefaultConnectionString = "Data Source=carts.db";

    /// <summary>
    /// Registers <see cref="DatabaseStorage"/> on SQLite as the <c>Database</c> driver, connecting with
    /// <c>Cart:Database:ConnectionString</c> (default <see cref="DefaultConnectionString"/>). A malformed connection
    /// string fails at startup naming the key.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddCartStorage</c>.</param>
    /// <param name="configure">Sets <c>Cart:Database</c> options in code, after the configuration is bound.</param>
    /// <returns>The builder, for chaining.</returns>
    public static CartStorageBuilder AddSqlite(this CartStorageBuilder builder, Action<CartDatabaseOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CartDatabaseOptions>, SqliteOptionsValidator>());
        return builder.AddDatabase(
            new SqliteCartSqlDialect(),
            sp => new SqliteCartDataSource(ConnectionString(sp.GetRequiredService<IOptions<CartDatabaseOptions>>().Value)),
            configure);
    }

    internal static string ConnectionString(CartDatabaseOptions options) =>
        string.IsNullOrWhiteSpace(options.ConnectionString) ? DefaultConnectionString : options.ConnectionString;
}
