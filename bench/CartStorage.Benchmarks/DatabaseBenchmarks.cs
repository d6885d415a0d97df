using CartStorage.Database;
using System.Data.Common;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using CartStorage;
using CartStorage.PostgreSql;
using CartStorage.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CartStorage.Benchmarks;

/// <summary>
/// DatabaseStorage <see cref="ICartStorage.UpdateAsync"/> (version compare-and-swap) and
/// <see cref="CartStorageExtensions.AddItemAsync"/> (one statement, <see cref="CartSqlDialect.ItemChange"/>) against a
/// hand-written ADO.NET transaction doing the same read and versioned update of a cart of the same size, on the same
/// data source and table.
/// </summary>
public class DatabaseBenchmarks
{
    private const string Identifier = "user-1";
    private const string RawIdentifier = "raw-1";
    private const string DeltaIdentifier = "delta-1";
    private DbDataSource dataSource = null!;
    private DatabaseStorage storage = null!;
    private string select = null!;
    private string update = null!;
    private string? sqliteFile;

    [Params("sqlite", "postgres")]
    public string Engine { get; set; } = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var table = "bench_" + Guid.NewGuid().ToString("N")[..8];
        CartSqlDialect dialect;
        string json;
        if (Engine == "sqlite")
        {
            sqliteFile = Path.Combine(Path.GetTempPath(), table + ".db");
            dataSource = new SqliteCartDataSource($"Data Source={sqliteFile}");
            dialect = new SqliteCartSqlDialect();
            json = "@items";
        }
        else
        {
            dataSource = NpgsqlDataSource.Create(Carts.Postgres);
            dialect = new PostgreSqlCartSqlDialect();
            json = "CAST(@items AS jsonb)";
        }

        storage = new DatabaseStorage(dataSource, dialect, Options.Create(Carts.UnlimitedQuantities()), Options.Create(new CartDatabaseOptions { Table = table }));
        var cart = Carts.Snapshot(10);
        await storage.PutBothAsync(Identifier, Carts.Instance, cart.Items, cart.Conditions);
        await storage.PutBothAsync(DeltaIdentifier, Carts.Instance, cart.Items, cart.Conditions);
        await storage.PutBothAsync(RawIdentifier, Carts.Instance, cart.Items, cart.Conditions);
        select = $"SELECT items, version FROM {table} WHERE identifier = @identifier AND instance = @instance";
        update = $"UPDATE {table} SET items = {json}, version = @version, updated_at = @updated_at "
            + "WHERE identifier = @identifier AND instance = @instance AND version = @expected";
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

    /// <summary>What an application would write by hand: one transaction, read items and version, update if unchanged.</summary>
    [Benchmark(Baseline = true, Description = "hand-written transaction")]
    public async Task<bool> RawTransactionAsync()
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        string items;
        long version;
        await using (var read = Command(connection, transaction, select))
        {
            await using var reader = await read.ExecuteReaderAsync();
            await reader.ReadAsync();
            items = reader.GetString(0);
            version = reader.GetInt64(1);
        }

        var parsed = JsonNode.Parse(items)!.AsArray();
        parsed[0]!["quantity"] = parsed[0]!["quantity"]!.GetValue<int>() % 1000 + 1;
        await using var write = Command(connection, transaction, update);
        Add(write, "items", parsed.ToJsonString());
        Add(write, "version", version + 1);
        Add(write, "expected", version);
        Add(write, "updated_at", DateTimeOffset.UtcNow);
        var written = await write.ExecuteNonQueryAsync() == 1;
        await transaction.CommitAsync();
        return written;
    }

    [Benchmark(Description = "UpdateAsync")]
    public Task<CartSnapshot> UpdateAsync() => storage.UpdateAsync(Identifier, Carts.Instance, Carts.IncrementFirst);

    /// <summary>One more of the first item as a delta: one statement, no read first (the quantity grows; the limit is lifted).</summary>
    [Benchmark(Description = "AddItemAsync")]
    public Task<CartSnapshot> AddItemAsync() => storage.AddItemAsync(DeltaIdentifier, Carts.Instance, Carts.OneMoreFirst);

    private static DbCommand Command(DbConnection connection, DbTransaction transaction, string text)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = text;
        Add(command, "identifier", RawIdentifier);
        Add(command, "instance", Carts.Instance);
        return command;
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
