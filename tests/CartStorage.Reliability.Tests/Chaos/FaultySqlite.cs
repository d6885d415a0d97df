using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace CartStorage.Reliability.Tests.Chaos;

/// <summary>
/// Fault injection for <see cref="CartStorage.Database.DatabaseStorage"/> over SQLite. The SQLite dialect needs a real
/// <see cref="SqliteConnection"/> (it calls <c>BeginTransaction(deferred: false)</c>), so instead of wrapping, the
/// connection and command are subclasses whose statements (and, before it runs, <c>COMMIT</c>) may fail with
/// <see cref="SqliteException"/> <c>SQLITE_IOERR</c> (<see cref="DbFaults"/>). Each connection is set up as
/// <see cref="CartStorage.Sqlite.SqliteCartDataSource"/> sets up its own: WAL and the busy timeout.
/// </summary>
internal sealed class FaultySqliteDataSource(string connectionString) : DbDataSource
{
    private const int IoError = 10;

    public override string ConnectionString => connectionString;

    public static SqliteException Failure(string when) => new($"Injected: disk I/O error {when}", IoError);

    protected override DbConnection CreateDbConnection() => new FaultySqliteConnection(connectionString);

    protected override DbConnection OpenDbConnection()
    {
        if (ChaosFaults.Next("OpenConnection") is not null)
        {
            throw Failure("while opening the database");
        }

        var connection = new FaultySqliteConnection(connectionString);
        connection.Open();
        using var command = new SqliteCommand("PRAGMA busy_timeout = 30000; PRAGMA journal_mode = WAL;", connection);
        command.ExecuteNonQuery();
        return connection;
    }

    protected override ValueTask<DbConnection> OpenDbConnectionAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(OpenDbConnection());

    private sealed class FaultySqliteConnection(string connectionString) : SqliteConnection(connectionString)
    {
        public override SqliteCommand CreateCommand() => new FaultySqliteCommand { Connection = this, CommandTimeout = DefaultTimeout, Transaction = Transaction };

        protected override DbCommand CreateDbCommand() => CreateCommand();
    }

    private sealed class FaultySqliteCommand : SqliteCommand
    {
        /// <summary>
        /// <see cref="SqliteTransaction.Commit"/> runs <c>COMMIT</c> through <see cref="SqliteConnection.CreateCommand"/>
        /// and this synchronous call (its constructor is not accessible, so the transaction itself cannot be wrapped).
        /// </summary>
        public override int ExecuteNonQuery() => CommandText.StartsWith("COMMIT", StringComparison.OrdinalIgnoreCase)
            ? DbFaults.RunBefore("Commit", base.ExecuteNonQuery, Failure)
            : base.ExecuteNonQuery();

        public override Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken) =>
            DbFaults.RunAsync("ExecuteNonQuery", () => base.ExecuteNonQueryAsync(cancellationToken), Failure);

        public override Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken) =>
            DbFaults.RunAsync("ExecuteScalar", () => base.ExecuteScalarAsync(cancellationToken), Failure);

        protected override Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken) =>
            DbFaults.RunAsync("ExecuteReader", () => base.ExecuteDbDataReaderAsync(behavior, cancellationToken), Failure);
    }
}
