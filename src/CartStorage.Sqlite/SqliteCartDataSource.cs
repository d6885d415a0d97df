using CartStorage.Database;
using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace CartStorage.Sqlite;

/// <summary>
/// A <see cref="DbDataSource"/> for SQLite (Microsoft.Data.Sqlite has none): opens pooled connections configured for
/// concurrent writers. The first connection switches the database to write-ahead logging (<c>journal_mode=WAL</c>,
/// persistent: readers never block the writer), and every connection waits for the write lock up to the connection
/// string's <c>Default Timeout</c> (30 s by default) instead of failing at once with <c>SQLITE_BUSY</c>.
/// </summary>
public sealed class SqliteCartDataSource : DbDataSource
{
    private readonly string connectionString;
    private readonly string busyTimeout;
    private int walEnabled;

    /// <summary>Creates the data source.</summary>
    /// <param name="connectionString">A Microsoft.Data.Sqlite connection string, for example <c>Data Source=carts.db</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="connectionString"/> is not a valid SQLite connection string.</exception>
    public SqliteCartDataSource(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var builder = new SqliteConnectionStringBuilder(connectionString);
        this.connectionString = builder.ConnectionString;
        busyTimeout = (builder.DefaultTimeout * 1000L).ToString(CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    public override string ConnectionString => connectionString;

    /// <inheritdoc />
    protected override DbConnection CreateDbConnection() => new SqliteConnection(connectionString);

    /// <inheritdoc />
    protected override DbConnection OpenDbConnection()
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            Configure(connection);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    protected override ValueTask<DbConnection> OpenDbConnectionAsync(CancellationToken cancellationToken = default)
    {
        // Microsoft.Data.Sqlite is synchronous: its async methods complete synchronously anyway.
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(OpenDbConnection());
    }

    private void Configure(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA busy_timeout = {busyTimeout};";
        command.ExecuteNonQuery();
        if (Volatile.Read(ref walEnabled) == 0)
        {
            command.CommandText = "PRAGMA journal_mode = WAL;";
            command.ExecuteNonQuery();
            Volatile.Write(ref walEnabled, 1);
        }
    }
}
