using CartStorage;
using CartStorage.Sqlite;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the SQLite backend.</summary>
public static class CartStorageSqliteExtensions
{
    /// <summary>The connection string used when <c>Cart:Database:ConnectionString</c> is not set: a <c>carts.db</c> file in the working directory.</summary>
    public const string DefaultConnectionString = "Data Source=carts.db";

    /// <summary>
    /// Registers <see cref="DatabaseStorage"/> on SQLite as the <c>Database</c> driver, connecting with
    /// <c>Cart:Database:ConnectionString</c> (default <see cref="DefaultConnectionString"/>). A malformed connection
    /// string fails at startup naming the key.
    /// </summary>
    public static CartStorageBuilder AddSqlite(this CartStorageBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CartStorageOptions>, SqliteOptionsValidator>());
        return builder.AddDatabase(
            new SqliteCartSqlDialect(),
            sp => new SqliteCartDataSource(ConnectionString(sp.GetRequiredService<IOptions<CartStorageOptions>>().Value)));
    }

    internal static string ConnectionString(CartStorageOptions options) =>
        string.IsNullOrWhiteSpace(options.Database.ConnectionString) ? DefaultConnectionString : options.Database.ConnectionString;
}
