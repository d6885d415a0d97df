using CartStorage.Database;
using System.Diagnostics.Metrics;
using CartStorage.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace CartStorage.Observability.Tests;

/// <summary>
/// A storage registered the way applications do (<c>AddMetrics()</c>, <c>AddCartStorage(...)</c>), so its meter comes
/// from the container's <see cref="IMeterFactory"/>, and a <see cref="TelemetryCapture"/> of that meter.
/// </summary>
internal sealed class ObservedStorage : IAsyncDisposable
{
    public const string Default = "default";

    private readonly ServiceProvider provider;
    private readonly string? directory;

    private ObservedStorage(IServiceCollection services, string? directory = null)
    {
        provider = services.BuildServiceProvider();
        this.directory = directory;
        Telemetry = new TelemetryCapture(provider.GetRequiredService<IMeterFactory>());
        Storage = provider.GetRequiredService<ICartStorage>();
    }

    public ICartStorage Storage { get; }

    public TelemetryCapture Telemetry { get; }

    public static ObservedStorage MemoryCache() =>
        new(Services().AddCartStorage(o => o.KeyPrefix = NewName()).Services);

    public static ObservedStorage Sqlite(Action<CartDatabaseOptions>? configure = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "cart-obs-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var builder = Services().AddCartStorage(o => o.Driver = CartDriver.Database);
        builder.AddSqlite(o =>
        {
            o.ConnectionString = $"Data Source={Path.Combine(directory, "carts.db")}";
            configure?.Invoke(o);
        });
        return new(builder.Services, directory);
    }

    /// <summary>A CacheStorage over the shared test redis-server with RedLock locking on the same server.</summary>
    public static async Task<ObservedStorage> RedisWithLockingAsync(TimeSpan lockTimeout)
    {
        var redis = await TestServers.RedisAsync();
        var services = Services();

        // Registered as instances, so the container never disposes them: RedisCache.Dispose would close the shared connection.
        services.AddSingleton<IDistributedCache>(new RedisCache(new RedisCacheOptions { ConnectionMultiplexerFactory = () => Task.FromResult(redis) }));
        services.AddSingleton(redis);
        services.AddCartStorage(o =>
        {
            o.KeyPrefix = NewName();
            o.Cache.UseLocking = true;
            o.Cache.LockTimeout = lockTimeout;
        }).AddRedisLocking();
        return new(services);
    }

    public static string NewName() => "o" + Guid.NewGuid().ToString("N")[..12];

    public async ValueTask DisposeAsync()
    {
        Telemetry.Dispose();
        await provider.DisposeAsync();
        if (directory is not null)
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static ServiceCollection Services()
    {
        var services = new ServiceCollection();
        services.AddMetrics();
        services.AddLogging();
        return services;
    }
}
