using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CartStorage;

/// <summary>
/// Healthy when the configured backend can take a write: its store answers a read (the cache or the database reads one
/// cart; the session backend loads a session from its session store, since a health request has no cart session), and
/// with cache locking on, the lock servers grant and release a lock on a probe resource. No cart is written, and the
/// probe is not counted in the storage metrics.
/// </summary>
internal sealed class CartStorageHealthCheck(ICartStorage storage) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var backend = storage.Capabilities.Backend;
        var data = new Dictionary<string, object>
        {
            ["backend"] = backend,
            ["safeAcrossServers"] = storage.Capabilities.SafeAcrossServers,
        };
        try
        {
            await storage.ProbeAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"{backend} storage reachable", data);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"{backend} storage unreachable: {e.Message}", e, data);
        }
    }
}
