using System.Data.Common;
using BenchmarkDotNet.Attributes;
using CartStorage.Database;
using CartStorage.PostgreSql;
using CartStorage.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CartStorage.Benchmarks;

/// <summary>
/// How an item change (<see cref="CartStorageExtensions.AddItemAsync"/>, one statement) and a read grow with the cart:
/// 1, 10, 100 and 1,000 items, against <see cref="ICartStorage.UpdateAsync"/> of the same change (read, rewrite).
/// On PostgreSQL the setup prints the stored row's size (<c>pg_column_size</c>) per cart size.
/// </summary>
public class DatabaseDeltaScalingBenchmarks
{
    private const string Identifier = "user-1";
    private DbDataSource dataSource = null!;
    private DatabaseStorage storage = null!;
    private string? sqliteFile;

    [Params("sqlite", "postgres")]
    public string Engine { get; set; } = null!;

    [Params(1, 10, 100, 1000)]
    public int Items { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var table = "scale_" + Guid.NewGuid().ToString("N")[..8];
        CartSqlDialect dialect;
        if (Engine == "sqlite")
        {
            sqliteFile = Path.Combine(Path.GetTempPath(), table + ".db");
            dataSource = new SqliteCartDataSource($"Data Source={sqliteFile}");
            dialect = new SqliteCartSqlDialect();
        }
        else
        {
            dataSource = NpgsqlDataSource.Create(Carts.Postgres);
            dialect = new PostgreSqlCartSqlDialect();
        }

        storage = new DatabaseStorage(dataSource, dialect, Options.Create(Carts.UnlimitedQuantities()), Options.Create(new CartDatabaseOptions { Table = table }));
        var cart = Carts.Snapshot(Items);
        await storage.PutBothAsync(Identifier, Carts.Instance, cart.Items, cart.Conditions);
        if (Engine == "postgres")
        {
            await using var command = dataSource.CreateCommand($"SELECT pg_column_size(t.*), pg_column_size(items) FROM \"{table}\" AS t");
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            Console.WriteLine($"// pg_column_size items={Items}: row {reader.GetInt32(0)} bytes, items column {reader.GetInt32(1)} bytes");
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await dataSource.DisposeAsync();
        if (sqliteFile is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(sqliteFile);
        }
    }

    [Benchmark(Description = "AddItemAsync")]
    public Task<CartSnapshot> AddItemAsync() => storage.AddItemAsync(Identifier, Carts.Instance, Carts.OneMoreFirst);

    [Benchmark(Description = "UpdateAsync")]
    public Task<CartSnapshot> UpdateAsync() => storage.UpdateAsync(Identifier, Carts.Instance, Carts.IncrementFirst);

    [Benchmark(Description = "GetAsync")]
    public Task<CartSnapshot?> GetAsync() => storage.GetAsync(Identifier, Carts.Instance);
}
