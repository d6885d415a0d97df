using CartStorage.Database;
using CartStorage.PostgreSql;
using Npgsql;
using Xunit.Abstractions;

namespace CartStorage.Reliability.Tests;

/// <summary>
/// PostgreSQL stopped (<c>pg_ctl stop -m immediate</c>, no checkpoint: crash recovery at restart) and started again
/// mid-run under a DatabaseStorage: every acknowledged write is there afterwards, the rest failed with an exception,
/// and the same storage (and its connection pool) recovers by itself. The cluster is the test's own.
/// </summary>
public sealed class PostgresRestartTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Downtime = TimeSpan.FromSeconds(1);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task No_acknowledged_write_is_lost_and_the_storage_recovers_by_itself(bool lockForUpdate)
    {
        await using var cluster = await PostgresCluster.CreateAsync();
        await using var dataSource = NpgsqlDataSource.Create(cluster.ConnectionString);
        var options = new CartDatabaseOptions { Table = "carts", LockForUpdate = lockForUpdate };
        var storage = new DatabaseStorage(dataSource, new PostgreSqlCartSqlDialect(), Microsoft.Extensions.Options.Options.Create(new CartStorageOptions()), Microsoft.Extensions.Options.Options.Create(options));

        var result = await FaultRun.RunAsync(storage, async () =>
        {
            await cluster.StopImmediatelyAsync();
            await Task.Delay(Downtime);
            await cluster.StartAsync();
        });

        var missing = await result.Acknowledgements.MissingAsync(storage);
        output.WriteLine(
            $"LockForUpdate={lockForUpdate}: {result.Acknowledgements.Count} acknowledged ({result.AcknowledgedBeforeFault} before the stop, {result.AcknowledgedAfterRecovery} after the restart), "
            + $"{result.Acknowledgements.Failures.Count} failed ({string.Join(", ", result.Acknowledgements.Failures.Select(f => f.GetType().Name).Distinct())}), {missing.Count} acknowledged but missing, {result.Elapsed.TotalSeconds:F1} s");
        result.Acknowledgements.Failures.Should().NotBeEmpty("the server was down, so some writes must have failed");
        result.AcknowledgedAfterRecovery.Should().BeGreaterThanOrEqualTo(FaultRun.AcknowledgedPerPhase);
        missing.Should().BeEmpty("every acknowledged (committed) write must survive the crash and restart");
    }
}
