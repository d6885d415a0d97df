using System.Globalization;
using CartStorage.Database;
using CartStorage.PostgreSql;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CartStorage.Benchmarks.Sizing;

/// <summary>
/// PostgreSQL storage per stored cart of 1, 10, 100 and 1,000 items: <c>pg_column_size</c> of one row and of its
/// <c>items</c> column (the document that grows with the cart), and the table's size over a population of carts
/// (heap + TOAST, indexes), as DatabaseStorage created them (<c>PutBothAsync</c>, one row version each).
/// </summary>
internal static class PostgresMemory
{
    public static readonly string[] Header =
    [
        "items", "`pg_column_size` row", "`pg_column_size(items)`", "carts written", "heap + TOAST per cart (`pg_table_size`)",
        "indexes per cart (`pg_indexes_size`)", "total per cart (`pg_total_relation_size`)",
    ];

    public static async Task<string[]> MeasureAsync(NpgsqlDataSource dataSource, int items, int population)
    {
        var table = "mem_" + Guid.NewGuid().ToString("N")[..8];
        var storage = new DatabaseStorage(dataSource, new PostgreSqlCartSqlDialect(), Options.Create(new CartStorageOptions()), Options.Create(new CartDatabaseOptions { Table = table }));
        var cart = Carts.Snapshot(items);
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, population), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
                await storage.PutBothAsync("u" + i.ToString(CultureInfo.InvariantCulture), Carts.Instance, cart.Items, cart.Conditions, ct));
            await using var command = dataSource.CreateCommand(
                $"SELECT (SELECT pg_column_size(t.*) FROM \"{table}\" AS t WHERE identifier = 'u0'), (SELECT pg_column_size(items) FROM \"{table}\" WHERE identifier = 'u0'), "
                + $"pg_table_size('\"{table}\"'), pg_indexes_size('\"{table}\"'), pg_total_relation_size('\"{table}\"')");
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            double PerCart(int column) => reader.GetInt64(column) / (double)population;
            return
            [
                MarkdownTable.Int(items), MarkdownTable.Int(reader.GetInt32(0)), MarkdownTable.Int(reader.GetInt32(1)), MarkdownTable.Int(population),
                MarkdownTable.Int(PerCart(2)), MarkdownTable.Int(PerCart(3)), MarkdownTable.Int(PerCart(4)),
            ];
        }
        finally
        {
            await using var drop = dataSource.CreateCommand($"DROP TABLE IF EXISTS \"{table}\"");
            await drop.ExecuteNonQueryAsync();
        }
    }
}
