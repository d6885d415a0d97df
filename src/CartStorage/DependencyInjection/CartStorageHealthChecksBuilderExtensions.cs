using CartStorage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the health check of the cart storage.</summary>
public static class CartStorageHealthChecksBuilderExtensions
{
    /// <summary>The default name of the check: <c>cart-storage</c>.</summary>
    public const string DefaultName = "cart-storage";

    /// <summary>
    /// Adds a health check of the configured <see cref="ICartStorage"/> backend (<c>Cart:Driver</c>): healthy when its
    /// store answers a read (the cache, the database table, or for the session backend the session store) and, with
    /// <c>Cart:Cache:UseLocking</c> on, the lock servers grant and release a lock on a probe resource, with the data
    /// <c>backend</c> and <c>safeAcrossServers</c>. No cart is written. Register the storage with
    /// <c>AddCartStorage(...)</c>.
    /// </summary>
    /// <param name="builder">The builder returned by <c>services.AddHealthChecks()</c>.</param>
    /// <param name="name">The check's name; <see cref="DefaultName"/> when <see langword="null"/>.</param>
    /// <param name="failureStatus">The status reported when the store does not answer or a lock cannot be taken; <see cref="HealthStatus.Unhealthy"/> when <see langword="null"/>.</param>
    /// <param name="tags">Tags to filter checks by (for example <c>ready</c>).</param>
    /// <param name="timeout">How long the check may take; no limit of its own when <see langword="null"/>.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IHealthChecksBuilder AddCartStorage(
        this IHealthChecksBuilder builder,
        string? name = null,
        HealthStatus? failureStatus = null,
        IEnumerable<string>? tags = null,
        TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Add(new HealthCheckRegistration(
            name ?? DefaultName,
            sp => new CartStorageHealthCheck(sp.GetRequiredService<ICartStorage>()),
            failureStatus,
            tags,
            timeout));
    }
}
