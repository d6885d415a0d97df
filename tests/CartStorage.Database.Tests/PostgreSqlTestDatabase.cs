using System.Data.Common;
using System.Text.Json;
using CartStorage.PostgreSql;
using CartStorage.Testing;
using Npgsql;

namespace CartStorage.Database.Tests;

/// <summary>A table of its own on the test PostgreSQL server, dropped afterwards.</summary>
public sealed class PostgreSqlTestDatabase : TestDatabase
{
    private readonly NpgsqlDataSource dataSource = NpgsqlDataSource.Create(TestServers.PostgresConnectionString);

    public override string Provider => "postgresql";

    public override string ConnectionString => TestServers.PostgresConnectionString;

    public override CartSqlDialect Dialect { get; } = new PostgreSqlCartSqlDialect();

    public override DbDataSource DataSource => dataSource;

    public override DbDataSource CreateDataSource() => NpgsqlDataSource.Create(ConnectionString);

    /// <summary>Fails with instructions when the server cannot be reached.</summary>
    public async Task EnsureReachableAsync()
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync();
        }
        catch (NpgsqlException e)
        {
            throw new InvalidOperationException(
                $"These tests need a real PostgreSQL server at '{ConnectionString}' (env CART_TEST_POSTGRES). Run the tests with 'bash scripts/test.sh', which starts a throwaway PostgreSQL 15 cluster, or point CART_TEST_POSTGRES at a server where user postgres can create tables.",
                e);
        }
    }

    /// <summary>Connections with an application name of their own, blocked once pg_stat_activity shows them waiting on a lock.</summary>
    public override LockProbe CreateLockProbe()
    {
        var name = "probe-" + Guid.NewGuid().ToString("N");
        var probe = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(ConnectionString) { ApplicationName = name }.ConnectionString);
        return new LockProbe(probe, Dialect, WaitForLockWaitAsync(name));
    }

    /// <summary>
    /// Ends the connections of <paramref name="probe"/> that wait on a lock (<c>pg_terminate_backend</c>), as an
    /// administrator or a failover would; how many were ended.
    /// </summary>
    public async Task<long> TerminateLockWaitersAsync(LockProbe probe)
    {
        var name = new NpgsqlConnectionStringBuilder(((NpgsqlDataSource)probe.DataSource).ConnectionString).ApplicationName;
        return (long)(await ScalarAsync("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = @name AND wait_event_type = 'Lock'", ("name", name!)))!;
    }

    public override async Task<bool> TableExistsAsync(string table) =>
        await ScalarAsync($"SELECT to_regclass('\"{table}\"') IS NOT NULL") is true;

    /// <summary>jsonb only holds valid JSON: text that is not JSON is stored as a JSON string, just as unreadable as a cart.</summary>
    public override Task StoreRawAsync(string identifier, string instance, string raw) =>
        ExecuteAsync($"UPDATE \"{Table}\" SET items = CAST(@raw AS jsonb), conditions = CAST(@raw AS jsonb), metadata = CAST(@raw AS jsonb) WHERE identifier = @identifier AND instance = @instance", ("raw", IsJson(raw) ? raw : JsonSerializer.Serialize(raw)), ("identifier", identifier), ("instance", instance));

    public override async ValueTask DisposeAsync()
    {
        await ExecuteAsync($"DROP TABLE IF EXISTS \"{Table}\"");
        await dataSource.DisposeAsync();
    }

    private async Task WaitForLockWaitAsync(string applicationName)
    {
        while (await ScalarAsync("SELECT count(*) FROM pg_stat_activity WHERE application_name = @name AND wait_event_type = 'Lock'", ("name", applicationName)) is 0L)
        {
            await Task.Delay(20);
        }
    }

    private static bool IsJson(string raw)
    {
        try
        {
            using var document = JsonDocument.Parse(raw);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
