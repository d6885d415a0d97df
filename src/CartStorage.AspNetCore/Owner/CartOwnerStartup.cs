using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CartStorage.AspNetCore;

/// <summary>
/// Warns at startup when the cart store is shared by several servers (<see cref="CartStorageCapabilities.SafeAcrossServers"/>)
/// but the Data Protection key ring is the per-machine default (no <c>PersistKeysTo...</c>): a guest cookie written by
/// one server then opens on no other, and the guest's cart vanishes when the load balancer switches servers.
/// </summary>
internal sealed partial class CartOwnerStartup(IServiceProvider services, IOptions<KeyManagementOptions> keys, ILogger<CartOwnerStartup>? logger = null) : IHostedService
{
    private readonly ILogger logger = logger ?? (ILogger)NullLogger.Instance;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var capabilities = services.GetRequiredService<ICartStorage>().Capabilities;
        if (capabilities.SafeAcrossServers && keys.Value.XmlRepository is null)
        {
            Log.PerMachineKeyRing(logger, capabilities.Backend);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(AspNetCoreEventIds.PerMachineKeyRing, LogLevel.Warning, "The cart store ({Backend}) is safe across servers, but the Data Protection key ring is this machine's default: a guest cookie written by one server cannot be read by another, and the guest's cart is lost when a request reaches another server. Share one key ring between the servers (services.AddDataProtection().PersistKeysTo...(...).SetApplicationName(...)); see docs/cart-api.md.", EventName = nameof(AspNetCoreEventIds.PerMachineKeyRing))]
        public static partial void PerMachineKeyRing(ILogger logger, string backend);
    }
}
