using System.Data.Common;
using CartStorage.Sqlite;
using Microsoft.Data.Sqlite;

namespace CartStorage.Database.Tests;

/// <summary>A SQLite database file in a temp directory of its own, deleted afterwards.</summary>
public sealed class SqliteTestDatabase : TestDatabase
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "cart-db-tests", Guid.NewGuid().ToString("N"));
    private readonly SqliteCartDataSource dataSource;

    public SqliteTestDatabase()
    {
        Directory.CreateDirectory(directory);
        ConnectionString = $"Data Source={Path.Combine(directory, "carts.db")}";
        dataSource = new SqliteCartDataSource(ConnectionString);
    }

    public override string Provider => "sqlite";

    public override string ConnectionString { get; }

    public override CartSqlDialect Dialect { get; } = new SqliteCartSqlDialect();

    public override DbDataSource DataSource => dataSource;

    public override DbDataSource CreateDataSource() => new SqliteCartDataSource(ConnectionString);

    /// <summary>
    /// SQLite shows no lock waits to other connections: the probe reports the writer starting BEGIN IMMEDIATE, which
    /// cannot complete while another connection holds the write lock.
    /// </summary>
    public override LockProbe CreateLockProbe()
    {
        var dialect = new LockSignallingDialect(Dialect);
        return new LockProbe(CreateDataSource(), dialect, dialect.Locking);
    }

    public override async Task<bool> TableExistsAsync(string table) =>
        Convert.ToInt64(await ScalarAsync($"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '{table}'")) == 1;

    public override Task StoreRawAsync(string identifier, string instance, string raw) =>
        ExecuteAsync($"UPDATE \"{Table}\" SET items = @raw, conditions = @raw, metadata = @raw WHERE identifier = @identifier AND instance = @instance", ("raw", raw), ("identifier", identifier), ("instance", instance));

    public override async ValueTask DisposeAsync()
    {
        await dataSource.DisposeAsync();
        await using (var connection = new SqliteConnection(ConnectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        Directory.Delete(directory, recursive: true);
    }
}
