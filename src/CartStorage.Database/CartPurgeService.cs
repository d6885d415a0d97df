using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CartStorage.Database;

/// <summary>
/// Runs <see cref="DatabaseStorage.PurgeAsync"/> every <c>Cart:Database:Purge:Interval</c> for the carts not written
/// for <c>Cart:Database:Purge:Retention</c>, when <c>Cart:Database:Purge:Enabled</c> is on. A failed purge is logged
/// and tried again at the next interval. The storage is resolved only when the purge is enabled, so registering a
/// database package costs nothing at startup otherwise.
/// </summary>
internal sealed partial class CartPurgeService : BackgroundService
{
    private readonly IServiceProvider services;
    private readonly CartDatabasePurgeOptions options;
    private readonly TimeProvider timeProvider;
    private readonly ILogger logger;

    public CartPurgeService(IServiceProvider services, IOptions<CartDatabaseOptions> options, ILogger<CartPurgeService>? logger = null, TimeProvider? timeProvider = null)
    {
        this.services = services;
        this.options = options.Value.Purge;
        this.timeProvider = timeProvider ?? TimeProvider.System;
        this.logger = logger ?? (ILogger)NullLogger.Instance;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Enabled)
        {
            return;
        }

        var storage = services.GetRequiredService<DatabaseStorage>();
        using var timer = new PeriodicTimer(options.Interval, timeProvider);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await storage.PurgeAsync(timeProvider.GetUtcNow() - options.Retention, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                Log.PurgeFailed(logger, e);
            }
        }
    }
}
