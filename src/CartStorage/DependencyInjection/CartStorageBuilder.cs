using CartStorage;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Returned by <c>AddCartStorage</c>; backend packages add their registrations to it
/// (<c>.AddRedisLocking()</c>, <c>.AddSqlite()</c>, <c>.AddPostgreSql()</c>, <c>.AddSession()</c>).
/// </summary>
public sealed class CartStorageBuilder
{
    internal CartStorageBuilder(IServiceCollection services) => Services = services;

    /// <summary>The service collection the cart storage is registered in.</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// Registers the storage <c>ICartStorage</c> resolves to when <c>Cart:Driver</c> is <paramref name="driver"/>.
    /// Backend packages call this; a registration made earlier for the same driver wins.
    /// </summary>
    public CartStorageBuilder AddBackend(CartDriver driver, Func<IServiceProvider, ICartStorage> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        Services.TryAddKeyedSingleton<ICartStorage>(driver, (sp, _) => factory(sp));
        return this;
    }
}
