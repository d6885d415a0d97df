using System.Data.Common;
using System.Diagnostics.Metrics;
using CartStorage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="DatabaseStorage"/>; the database packages (<c>.AddSqlite()</c>, <c>.AddPostgreSql()</c>) call it.</summary>
public static class CartStorageBuilderDatabaseExtensions
{
    /// <summary>
    /// Registers <see cref="DatabaseStorage"/> as the <see cref="CartDriver.Database"/> backend over the data source
    /// <paramref name="dataSource"/> returns and <paramref name="dialect"/>, validates <c>Cart:Database</c> at startup,
    /// and adds the purge hosted service (idle unless <c>Cart:Database:Purge:Enabled</c>). The first database
    /// registration wins.
    /// </summary>
    public static CartStorageBuilder AddDatabase(this CartStorageBuilder builder, CartSqlDialect dialect, Func<IServiceProvider, DbDataSource> dataSource)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(dialect);
        ArgumentNullException.ThrowIfNull(dataSource);
        var services = builder.Services;
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CartStorageOptions>, CartDatabaseOptionsValidator>());
        services.TryAddSingleton(sp => new DatabaseStorage(
            dataSource(sp),
            dialect,
            sp.GetRequiredService<IOptions<CartStorageOptions>>(),
            sp.GetService<ILogger<DatabaseStorage>>(),
            sp.GetService<TimeProvider>(),
            sp.GetService<IMeterFactory>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, CartPurgeService>());
        return builder.AddBackend(CartDriver.Database, sp => sp.GetRequiredService<DatabaseStorage>());
    }
}
