using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;

namespace CartStorage.Database.Tests;

/// <summary>
/// A data source over another that counts the commands the storage executes on its connections (not the ones the
/// inner data source runs itself, such as SQLite's PRAGMAs on open): how many statements an operation costs. Optionally
/// runs <paramref name="beforeWrite"/> before each command that writes (INSERT, UPDATE, WITH), to interleave another writer.
/// </summary>
internal sealed class CommandCountingDataSource(DbDataSource inner, Func<Task>? beforeWrite = null) : DbDataSource
{
    private int executed;

    public int Executed => Volatile.Read(ref executed);

    public override string ConnectionString => inner.ConnectionString;

    protected override DbConnection CreateDbConnection() => new Connection(inner.CreateConnection(), this);

    protected override async ValueTask<DbConnection> OpenDbConnectionAsync(CancellationToken cancellationToken = default) =>
        new Connection(await inner.OpenConnectionAsync(cancellationToken), this);

    private void Count() => Interlocked.Increment(ref executed);

    private async Task BeforeAsync(string text)
    {
        if (beforeWrite is not null && (text.StartsWith("INSERT", StringComparison.Ordinal) || text.StartsWith("UPDATE", StringComparison.Ordinal) || text.StartsWith("WITH", StringComparison.Ordinal)))
        {
            await beforeWrite();
        }
    }

    [SuppressMessage("Design", "CA2215", Justification = "Test wrapper.")]
    private sealed class Connection(DbConnection inner, CommandCountingDataSource counter) : DbConnection
    {
        [AllowNull]
        public override string ConnectionString { get => inner.ConnectionString; set => inner.ConnectionString = value; }

        public override string Database => inner.Database;

        public override string DataSource => inner.DataSource;

        public override string ServerVersion => inner.ServerVersion;

        public override ConnectionState State => inner.State;

        public override void ChangeDatabase(string databaseName) => inner.ChangeDatabase(databaseName);

        public override void Close() => inner.Close();

        public override void Open() => inner.Open();

        protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) => inner.BeginTransaction(isolationLevel);

        protected override DbCommand CreateDbCommand() => new Command(inner.CreateCommand(), this, counter);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        public override ValueTask DisposeAsync() => inner.DisposeAsync();
    }

    private sealed class Command(DbCommand inner, DbConnection connection, CommandCountingDataSource counter) : DbCommand
    {
        [AllowNull]
        public override string CommandText { get => inner.CommandText; set => inner.CommandText = value; }

        public override int CommandTimeout { get => inner.CommandTimeout; set => inner.CommandTimeout = value; }

        public override CommandType CommandType { get => inner.CommandType; set => inner.CommandType = value; }

        public override bool DesignTimeVisible { get => inner.DesignTimeVisible; set => inner.DesignTimeVisible = value; }

        public override UpdateRowSource UpdatedRowSource { get => inner.UpdatedRowSource; set => inner.UpdatedRowSource = value; }

        protected override DbConnection? DbConnection { get => connection; set { } }

        protected override DbParameterCollection DbParameterCollection => inner.Parameters;

        protected override DbTransaction? DbTransaction { get => inner.Transaction; set => inner.Transaction = value; }

        public override void Cancel() => inner.Cancel();

        public override void Prepare() => inner.Prepare();

        protected override DbParameter CreateDbParameter() => inner.CreateParameter();

        public override int ExecuteNonQuery()
        {
            counter.Count();
            return inner.ExecuteNonQuery();
        }

        public override object? ExecuteScalar()
        {
            counter.Count();
            return inner.ExecuteScalar();
        }

        protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior)
        {
            counter.Count();
            return inner.ExecuteReader(behavior);
        }

        public override async Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken)
        {
            counter.Count();
            await counter.BeforeAsync(inner.CommandText);
            return await inner.ExecuteNonQueryAsync(cancellationToken);
        }

        protected override async Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken)
        {
            counter.Count();
            await counter.BeforeAsync(inner.CommandText);
            return await inner.ExecuteReaderAsync(behavior, cancellationToken);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
