using CartStorage;
using CartStorage.AspNetCore;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="ICartOwner"/>, the owner of the current request's cart, on <c>AddCartStorage(...)</c>.</summary>
public static class CartStorageBuilderCartOwnerExtensions
{
    /// <summary>
    /// Registers <see cref="ICartOwner"/> (scoped): the signed-in user, else a guest in a Data Protection cookie created
    /// on the first write; the guest's carts are merged into the user's on the first signed-in request. Tuned by
    /// <c>Cart:Owner</c>: <c>UserClaim</c> (<c>sub</c>), <c>GuestCookie</c> (<c>.cart.guest</c>), <c>GuestLifetime</c>
    /// (30 days), <c>MergeStrategy</c> (<c>AddQuantities</c>), validated at startup.
    /// </summary>
    /// <remarks>
    /// Also registers <see cref="Microsoft.AspNetCore.Http.IHttpContextAccessor"/> and Data Protection
    /// (<c>services.AddDataProtection()</c>, which only adds what is missing). With several servers, give them one key
    /// ring (<c>PersistKeysTo...</c>, <c>SetApplicationName</c>): startup warns when the store is safe across servers but
    /// the key ring is the machine's default.
    /// </remarks>
    /// <param name="builder">The builder returned by <c>AddCartStorage</c>.</param>
    /// <param name="configure">Sets <c>Cart:Owner</c> options in code, after the configuration is bound.</param>
    /// <returns>The builder, for chaining.</returns>
    public static CartStorageBuilder AddCartOwner(this CartStorageBuilder builder, Action<CartOwnerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        builder.AddSection("Owner", configure);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CartOwnerOptions>, CartOwnerOptionsValidator>());
        services.AddHttpContextAccessor();
        services.AddDataProtection();
        services.TryAddSingleton(sp => new GuestCookies(
            sp.GetRequiredService<IDataProtectionProvider>(),
            sp.GetRequiredService<IOptions<CartOwnerOptions>>(),
            sp.GetService<TimeProvider>()));
        services.TryAddScoped<ICartOwner, CartOwner>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, CartOwnerStartup>());
        return builder;
    }
}
