using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using CartStorage.Testing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CartStorage.Observability.Tests;

/// <summary><c>AddHealthChecks().AddCartStorage()</c> on each backend, reachable and not.</summary>
public sealed class HealthCheckTests
{
    private const string UnreachableRedis = "127.0.0.1:1,connectTimeout=200,abortConnect=false";

    [Fact]
    public async Task The_cache_backend_is_healthy_and_the_probe_is_not_counted_as_an_operation()
    {
        var services = new ServiceCollection().AddMetrics();
        services.AddCartStorage();
        await using var provider = Build(services);
        using var telemetry = new TelemetryCapture(provider.GetRequiredService<IMeterFactory>());

        var entry = await CheckAsync(provider);

        entry.Status.Should().Be(HealthStatus.Healthy, entry.Description);
        entry.Data.Should().Contain("backend", "cache").And.Contain("safeAcrossServers", false);
        telemetry.Measurements("cart.storage.operations").Should().BeEmpty();
        telemetry.Spans.Should().BeEmpty();
    }

    [Fact]
    public async Task The_sqlite_backend_is_healthy()
    {
        var directory = Path.Combine(Path.GetTempPath(), "cart-obs-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var services = new ServiceCollection();
            services.AddCartStorage(o => o.Driver = CartDriver.Database)
                .AddSqlite(o => o.ConnectionString = $"Data Source={Path.Combine(directory, "carts.db")}");
            await using var provider = Build(services);

            var entry = await CheckAsync(provider);

            entry.Status.Should().Be(HealthStatus.Healthy, entry.Description);
            entry.Data.Should().Contain("backend", "database").And.Contain("safeAcrossServers", true);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task The_session_backend_probes_its_session_store_without_a_request()
    {
        var services = new ServiceCollection();
        services.AddCartStorage(o => o.Driver = CartDriver.Session).AddSession();
        await using var provider = Build(services);

        var entry = await CheckAsync(provider);

        entry.Status.Should().Be(HealthStatus.Healthy, entry.Description);
        entry.Data.Should().Contain("backend", "session");
    }

    [Fact]
    public async Task The_session_backend_is_unhealthy_when_its_session_store_is_unreachable()
    {
        var services = new ServiceCollection();
        services.AddStackExchangeRedisCache(o => o.Configuration = UnreachableRedis);
        services.AddCartStorage(o => o.Driver = CartDriver.Session).AddSession();
        await using var provider = Build(services);

        var entry = await CheckAsync(provider);

        entry.Status.Should().Be(HealthStatus.Unhealthy);
        entry.Description.Should().StartWith("session storage unreachable");
        entry.Exception.Should().NotBeNull();
    }

    [Fact]
    public async Task An_unreachable_cache_reports_the_registered_failure_status()
    {
        var services = new ServiceCollection();
        services.AddStackExchangeRedisCache(o => o.Configuration = UnreachableRedis);
        services.AddCartStorage();
        services.AddLogging().AddHealthChecks().AddCartStorage("carts", HealthStatus.Degraded);
        await using var provider = services.BuildServiceProvider();

        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        report.Entries["carts"].Status.Should().Be(HealthStatus.Degraded);
        report.Entries["carts"].Description.Should().StartWith("cache storage unreachable");
    }

    [Fact]
    public async Task With_locking_on_the_cache_is_unhealthy_while_the_lock_servers_are_down()
    {
        var entry = await CheckLockedCacheAsync(UnreachableRedis);

        entry.Status.Should().Be(HealthStatus.Unhealthy, "every write needs a lock and none can be taken");
        entry.Description.Should().StartWith("cache storage unreachable");
        entry.Exception.Should().BeOfType<CartStorageUnavailableException>();
    }

    [Fact]
    public async Task With_locking_on_the_cache_is_healthy_when_the_cache_and_the_lock_servers_answer()
    {
        var entry = await CheckLockedCacheAsync(TestServers.RedisEndpoint);

        entry.Status.Should().Be(HealthStatus.Healthy, entry.Description);
        entry.Data.Should().Contain("backend", "cache").And.Contain("safeAcrossServers", true);
    }

    /// <summary>The health of a cache on the test Redis with locking on, its lock servers at <paramref name="lockServers"/>.</summary>
    private static async Task<HealthReportEntry> CheckLockedCacheAsync(string lockServers)
    {
        var services = new ServiceCollection();
        services.AddStackExchangeRedisCache(o => o.Configuration = TestServers.RedisEndpoint);
        services.AddCartStorage(o =>
        {
            o.KeyPrefix = "health-" + Guid.NewGuid().ToString("N");
            o.Cache.UseLocking = true;
            o.Cache.LockTimeout = TimeSpan.FromSeconds(2); // a healthy probe must not miss it on a loaded machine
        }).AddRedisLocking(o => o.Configuration = lockServers);
        await using var provider = Build(services);
        return await CheckAsync(provider);
    }

    private static ServiceProvider Build(IServiceCollection services)
    {
        services.AddLogging().AddHealthChecks().AddCartStorage();
        return services.BuildServiceProvider();
    }

    private static async Task<HealthReportEntry> CheckAsync(IServiceProvider provider)
    {
        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        return report.Entries.Should().ContainKey("cart-storage").WhoseValue;
    }
}
