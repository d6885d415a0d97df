using System.Data.Common;
using System.Diagnostics.Metrics;
using CartStorage;
using CartStorage.Database;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="DatabaseStorage"/>; the database packages (<c>.AddSqlite()</c>, <c>.AddPostgreSql()</c>) call it.</summary>
public static class CartStorageBuilderDatabaseExtensions
{
    /// <summary>The <c>Cart</c> subsection this package reads: <c>Database</c>.</summary>
    public const string SectionName = "Database";

    /// <summary>
    /// Registers <see cref="DatabaseStorage"/> as the <see cref="CartDriver.Database"/> driver over the data source
    /// <paramref name="dataSource"/> returns and <paramref name="dialect"/>; binds and validates <c>Cart:Database</c>
    /// (<see cref="CartDatabaseOptions"/>) at startup, applies <c>CART_DB_LOCK_FOR_UPDATE</c>, and adds the purge
    /// hosted service (idle unless <c>Cart:Database:Purge:Enabled</c>). Registering two different dialects fails at
    /// startup.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddCartStorage</c>.</param>
    /// <param name="dialect">The SQL of the database engine.</param>
    /// <param name="dataSource">Returns the data source to connect with.</param>
    /// <param name="configure">Sets <c>Cart:Database</c> options in code, after the configuration is bound.</param>
    /// <returns>The builder, for chaining.</returns>
    public static CartStorageBuilder AddDatabase(this CartStorageBuilder builder, CartSqlDialect dialect, Func<IServiceProvider, DbDataSource> dataSource, Action<CartDatabaseOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(dialect);
        ArgumentNullException.ThrowIfNull(dataSource);
        var services = builder.Services;
        builder.AddSection(SectionName, configure);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CartDatabaseOptions>, CartDatabaseOptionsValidator>());
        services.AddSingleton(new CartDialectRegistration(dialect.Name));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CartDatabaseOptions>, CartDialectValidator>());
        services.TryAddSingleton(sp => new DatabaseStorage(
            dataSource(sp),
            dialect,
            sp.GetRequiredService<IOptions<CartStorageOptions>>(),
            sp.GetRequiredService<IOptions<CartDatabaseOptions>>(),
            sp.GetService<ILogger<DatabaseStorage>>(),
            sp.GetService<TimeProvider>(),
            sp.GetService<IMeterFactory>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, CartPurgeService>());
        return builder.AddDriver(CartDriver.Database, sp => sp.GetRequiredService<DatabaseStorage>());
    }
}
