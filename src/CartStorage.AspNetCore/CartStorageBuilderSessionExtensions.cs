using System.Diagnostics.Metrics;
using CartStorage;
using CartStorage.AspNetCore;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Session;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="SessionStorage"/> on <c>AddCartStorage(...)</c>.</summary>
public static class CartStorageBuilderSessionExtensions
{
    /// <summary>
    /// Registers <see cref="SessionStorage"/> as the backend of <c>Cart:Driver</c> <c>Session</c>, with
    /// <see cref="IHttpContextAccessor"/> and ASP.NET Core's session services. The application still adds the session
    /// middleware, <c>app.UseSession()</c>, before the endpoints that use carts.
    /// </summary>
    /// <remarks>
    /// Not to be confused with ASP.NET Core's <c>IServiceCollection.AddSession()</c>: this method extends
    /// <see cref="CartStorageBuilder"/> (the result of <c>services.AddCartStorage(...)</c>) and calls ASP.NET Core's
    /// <c>services.AddSession()</c> itself, which only adds what is missing. To configure sessions (idle timeout,
    /// cookie), call <c>services.AddSession(options => ...)</c> as usual, before or after this method. Sessions are
    /// stored in the registered <c>IDistributedCache</c> (in memory unless you register another one).
    /// </remarks>
    /// <param name="builder">The builder returned by <c>AddCartStorage</c>.</param>
    /// <returns>The builder, for chaining.</returns>
    public static CartStorageBuilder AddSession(this CartStorageBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSession();
        builder.Services.AddDistributedMemoryCache(); // ASP.NET Core keeps sessions in an IDistributedCache; adds one only if none is registered
        builder.Services.TryAddSingleton(sp => new SessionStorage(
            sp.GetRequiredService<IHttpContextAccessor>(),
            sp.GetRequiredService<IOptions<CartStorageOptions>>(),
            sp.GetService<ILogger<SessionStorage>>(),
            sp.GetService<TimeProvider>(),
            sp.GetService<ISessionStore>(),
            sp.GetService<IMeterFactory>()));
        return builder.AddDriver(CartDriver.Session, sp => sp.GetRequiredService<SessionStorage>());
    }
}
