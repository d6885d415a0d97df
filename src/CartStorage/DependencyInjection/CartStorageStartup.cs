using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CartStorage;

/// <summary>
/// Creates the configured storage when the host starts, so its connections open (and its fallback warnings are
/// logged) before the first request, and logs one line saying which driver was chosen, what it stores in and what it
/// guarantees.
/// </summary>
internal sealed partial class CartStorageStartup(IServiceProvider services, IOptions<CartStorageOptions> options, ILogger<CartStorageStartup>? logger = null) : IHostedService
{
    private readonly ILogger logger = logger ?? (ILogger)NullLogger.Instance;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var storage = services.GetRequiredService<ICartStorage>();
        var driver = CartDriverValidator.Select(options.Value.Driver, services.GetServices<CartDriverRegistration>(), out _)?.Name ?? options.Value.Driver ?? CartDriver.Cache;
        var capabilities = storage.Capabilities;
        Log.Started(logger, driver, (storage as CartStorageBase)?.Store ?? storage.GetType().Name, capabilities.Backend, capabilities.SafeAcrossServers, capabilities.StoreEnforcedVersionCheck, capabilities.Locking);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(CartEventIds.StorageStarted, LogLevel.Information, "Cart storage: driver {Driver}, store {Store}, backend {Backend}, SafeAcrossServers = {SafeAcrossServers}, StoreEnforcedVersionCheck = {StoreEnforcedVersionCheck}, Locking = {Locking}.", EventName = nameof(CartEventIds.StorageStarted))]
        public static partial void Started(ILogger logger, string driver, string store, string backend, bool safeAcrossServers, bool storeEnforcedVersionCheck, bool locking);
    }
}
