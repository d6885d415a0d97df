using System.Data.Common;
using CartStorage.Testing;
using Microsoft.Extensions.Options;

namespace CartStorage.Database.Tests;

/// <summary>
/// One throwaway database table for one test: SQLite (a file in a temp directory) or PostgreSQL (a table of its own
/// on the server of <see cref="TestServers.PostgresConnectionString"/>), with raw SQL access to plant bad rows.
/// </summary>
public abstract class TestDatabase : IAsyncDisposable
{
    /// <summary>A table name no other test uses.</summary>
    public string Table { get; } = "t_" + Guid.NewGuid().ToString("N");

    /// <summary><c>sqlite</c> or <c>postgresql</c>: the worker's <c>WORKER_DATABASE</c>.</summary>
    public abstract string Provider { get; }

    public abstract string ConnectionString { get; }

    public abstract CartSqlDialect Dialect { get; }

    /// <summary>The data source storages of this test share.</summary>
    public abstract DbDataSource DataSource { get; }

    /// <summary>A new data source of its own (separate connections, like another server).</summary>
    public abstract DbDataSource CreateDataSource();

    public DatabaseStorage CreateStorage(CartStorageOptions options, CartDatabaseOptions database, TimeProvider? timeProvider = null, DbDataSource? dataSource = null, CartSqlDialect? dialect = null) =>
        new(dataSource ?? DataSource, dialect ?? Dialect, Options.Create(options), Options.Create(database), timeProvider: timeProvider);

    public DatabaseStorage CreateStorage(CartDatabaseOptions database, TimeProvider? timeProvider = null) =>
        CreateStorage(new CartStorageOptions(), database, timeProvider);

    public DatabaseStorage CreateStorage(Action<CartDatabaseOptions>? configure = null, bool lockForUpdate = false, TimeProvider? timeProvider = null, DbDataSource? dataSource = null, CartSqlDialect? dialect = null)
    {
        var database = new CartDatabaseOptions { Table = Table, LockForUpdate = lockForUpdate };
        configure?.Invoke(database);
        return CreateStorage(new CartStorageOptions(), database, timeProvider, dataSource, dialect);
    }

    /// <summary>Runs <paramref name="sql"/> with the named parameters; returns the affected row count.</summary>
    public async Task<int> ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteNonQueryAsync();
    }

    /// <summary>Runs <paramref name="sql"/> in <paramref name="transaction"/> with the named parameters; returns the affected row count.</summary>
    public static async Task<int> ExecuteAsync(DbTransaction transaction, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(transaction.Connection!, sql, parameters);
        command.Transaction = transaction;
        return await command.ExecuteNonQueryAsync();
    }

    /// <summary>Runs <paramref name="sql"/> with the named parameters and returns the first column of the first row.</summary>
    public async Task<object?> ScalarAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteScalarAsync();
    }

    /// <summary>A data source of its own whose connections report when they wait for another connection's lock.</summary>
    public abstract LockProbe CreateLockProbe();

    /// <summary>Whether <paramref name="table"/> exists.</summary>
    public abstract Task<bool> TableExistsAsync(string table);

    /// <summary>Stores <paramref name="raw"/> in the cart's items, conditions and metadata columns, bypassing the library.</summary>
    public abstract Task StoreRawAsync(string identifier, string instance, string raw);

    public abstract ValueTask DisposeAsync();

    private static DbCommand Command(DbConnection connection, string sql, (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return command;
    }
}
