using CartStorage.Database;
using CartStorage.PostgreSql;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CartStorage.Benchmarks.Sizing;

/// <summary>
/// DatabaseStorage on PostgreSQL: operations per second, the CPU seconds of the PostgreSQL server's processes (from
/// /proc, so the server must run on this machine) and the WAL written, for the delta statement, the update and the read.
/// </summary>
internal static class PostgresThroughput
{
    public static readonly string[] Header =
    [
        "operation", "operations", "ops/s", "PostgreSQL CPU s (`/proc`)", "PostgreSQL CPU busy", "**ops per PostgreSQL CPU-second**",
        "WAL bytes per op", "HOT updates (`pg_stat_user_tables`)", "table + indexes growth per op", "client CPU ms per op",
    ];

    public static async Task<IReadOnlyList<string[]>> MeasureAsync(NpgsqlDataSource dataSource, LoadSettings settings)
    {
        var postmaster = await ServerCpu.PostmasterAsync(dataSource)
            ?? throw new InvalidOperationException("PostgreSQL does not run on this machine (its backend is not in /proc): its CPU time cannot be read. Run with scripts/bench.sh, which starts one here.");
        var table = "tp_" + Guid.NewGuid().ToString("N")[..8];
        if (settings.Partitions > 0)
        {
            await PartitionedCartTable.CreateAsync(dataSource, table, settings.Partitions);
        }

        var storage = new DatabaseStorage(dataSource, new PostgreSqlCartSqlDialect(), Options.Create(Carts.UnlimitedQuantities()), Options.Create(new CartDatabaseOptions { Table = table, CreateTable = settings.Partitions == 0 }));
        (string Name, Func<string, Task> Operation)[] operations =
        [
            ("`AddItemAsync` (delta, one statement)", id => storage.AddItemAsync(id, Carts.Instance, Carts.OneMoreFirst)),
            ("`UpdateAsync` (read, then versioned `UPDATE`)", id => storage.UpdateAsync(id, Carts.Instance, Carts.IncrementFirst)),
            ("`GetAsync` (read)", id => storage.GetAsync(id, Carts.Instance)),
        ];
        try
        {
            await LoadLoop.PopulateAsync(storage, settings.Carts, settings.Items);
            var rows = new List<string[]>();
            foreach (var (name, operation) in operations)
            {
                await LoadLoop.RunAsync(operation, settings.Carts, settings.Concurrency, LoadSettings.WarmUp);
                var tableBefore = await TableAsync(dataSource, table);
                var walBefore = await WalAsync(dataSource);
                var cpuBefore = ServerCpu.PostgresSeconds(postmaster);
                var load = await LoadLoop.RunAsync(operation, settings.Carts, settings.Concurrency, settings.Duration);
                var cpu = ServerCpu.PostgresSeconds(postmaster) - cpuBefore;
                var wal = await WalAsync(dataSource) - walBefore;
                var tableAfter = await TableAsync(dataSource, table);
                var updates = tableAfter.Updates - tableBefore.Updates;
                rows.Add(
                [
                    name, MarkdownTable.Int(load.Ops), MarkdownTable.Int(load.OpsPerSecond), MarkdownTable.Num(cpu), $"{cpu / load.WallSeconds:P0}",
                    $"**{MarkdownTable.Int(load.Ops / cpu)}**", MarkdownTable.Int(wal / (double)load.Ops),
                    updates == 0 ? "–" : $"{(tableAfter.HotUpdates - tableBefore.HotUpdates) / (double)updates:P0} of {MarkdownTable.Int(updates)}",
                    MarkdownTable.Int((tableAfter.Bytes - tableBefore.Bytes) / (double)load.Ops), load.ClientCpuMsPerOp,
                ]);
            }

            return rows;
        }
        finally
        {
            await using var drop = dataSource.CreateCommand($"DROP TABLE IF EXISTS \"{table}\" CASCADE");
            await drop.ExecuteNonQueryAsync();
        }
    }

    /// <summary>
    /// The table's (and its partitions') updates, HOT updates (no new index entries) and size with indexes and TOAST. Backends report
    /// their counts when they go idle for a while or exit: the pool's idle connections are closed first.
    /// </summary>
    private static async Task<(long Updates, long HotUpdates, long Bytes)> TableAsync(NpgsqlDataSource dataSource, string table)
    {
        dataSource.Clear();
        await Task.Delay(TimeSpan.FromSeconds(1));
        await using var command = dataSource.CreateCommand(
            "SELECT coalesce(sum(n_tup_upd), 0)::bigint, coalesce(sum(n_tup_hot_upd), 0)::bigint, coalesce(sum(pg_total_relation_size(relid)), 0)::bigint "
            + $"FROM pg_stat_user_tables WHERE relid = '\"{table}\"'::regclass OR relid IN (SELECT relid FROM pg_partition_tree('\"{table}\"'))"); // no tree rows for a plain table
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    private static async Task<double> WalAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')");
        return (double)(decimal)(await command.ExecuteScalarAsync())!;
    }
}
