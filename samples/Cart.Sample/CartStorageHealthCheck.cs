using Cart.Storage;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Cart.Sample;

/// <summary>
/// Healthy when the configured backend answers a read. Session carts live in the session store (the registered
/// <see cref="IDistributedCache"/>), which is probed directly because a health request has no cart session.
/// </summary>
internal sealed class CartStorageHealthCheck(ICartStorage storage, IDistributedCache sessionStore) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>
        {
            ["backend"] = storage.Capabilities.Backend,
            ["safeAcrossServers"] = storage.Capabilities.SafeAcrossServers,
        };
        try
        {
            if (storage.Capabilities.Backend == "session")
            {
                await sessionStore.GetAsync("health-check", cancellationToken);
            }
            else
            {
                await storage.HasAsync("health-check", "probe", cancellationToken);
            }

            return HealthCheckResult.Healthy($"{storage.Capabilities.Backend} storage reachable", data);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"{storage.Capabilities.Backend} storage unreachable: {e.Message}", e, data);
        }
    }
}
