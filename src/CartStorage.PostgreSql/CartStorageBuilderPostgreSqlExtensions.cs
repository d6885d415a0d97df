using CartStorage;
using CartStorage.Database;
using CartStorage.PostgreSql;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the PostgreSQL backend.</summary>
public static class CartStorageBuilderPostgreSqlExtensions
{
    private static readonly object OwnDataSource = new();

    /// <summary>
    /// Registers <see cref="DatabaseStorage"/> on PostgreSQL as the <c>Database</c> driver. It uses the
    /// <see cref="NpgsqlDataSource"/> the application registered (for example with <c>AddNpgsqlDataSource</c>), or
    /// else one built from <c>Cart:Database:ConnectionString</c> and disposed with the service provider. A missing or
    /// malformed connection string fails at startup naming the key.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddCartStorage</c>.</param>
    /// <param name="configure">Sets <c>Cart:Database</c> options in code, after the configuration is bound.</param>
    /// <returns>The builder, for chaining.</returns>
    public static CartStorageBuilder AddPostgreSql(this CartStorageBuilder builder, Action<CartDatabaseOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CartDatabaseOptions>, PostgreSqlOptionsValidator>());
        services.TryAddKeyedSingleton(OwnDataSource, (sp, _) =>
            NpgsqlDataSource.Create(sp.GetRequiredService<IOptions<CartDatabaseOptions>>().Value.ConnectionString
                ?? throw new CartStorageException("Cart:Database:ConnectionString is not set and no NpgsqlDataSource is registered.")));
        return builder.AddDatabase(
            new PostgreSqlCartSqlDialect(),
            sp => sp.GetService<NpgsqlDataSource>() ?? sp.GetRequiredKeyedService<NpgsqlDataSource>(OwnDataSource),
            configure);
    }
}
