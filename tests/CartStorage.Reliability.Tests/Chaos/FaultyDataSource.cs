using System.Data;
using System.Data.Common;

namespace CartStorage.Reliability.Tests.Chaos;

/// <summary>
/// Fault injection for <see cref="CartStorage.Database.DatabaseStorage"/> over any ADO.NET provider whose dialect takes a
/// plain <see cref="DbConnection"/> (PostgreSQL): a <see cref="DbDataSource"/> whose connections, commands and transactions
/// wrap the provider's, so opening a connection, every statement and every <c>COMMIT</c> of a chaos client may fail with
/// the provider's exception (<see cref="DbFaults"/>).
/// </summary>
internal sealed class FaultyDataSource(DbDataSource inner, Func<string, DbException> failure) : DbDataSource
{
    public override string ConnectionString => inner.ConnectionString;

    protected override DbConnection CreateDbConnection() => new FaultyConnection(inner.CreateConnection(), failure);

    protected override async ValueTask<DbConnection> OpenDbConnectionAsync(CancellationToken cancellationToken = default)
    {
        if (ChaosFaults.Next("OpenConnection") is not null)
        {
            // A connection that could not be opened: nothing was sent either way.
            throw failure("while opening a connection");
        }

        return new FaultyConnection(await inner.OpenConnectionAsync(cancellationToken).ConfigureAwait(false), failure);
    }

    protected override async ValueTask DisposeAsyncCore() => await inner.DisposeAsync().ConfigureAwait(false);

    private sealed class FaultyConnection(DbConnection inner, Func<string, DbException> failure) : DbConnection
    {
        [System.Diagnostics.CodeAnalysis.AllowNull]
        public override string ConnectionString
        {
            get => inner.ConnectionString;
            set => inner.ConnectionString = value;
        }

        public override string Database => inner.Database;

        public override string DataSource => inner.DataSource;

        public override string ServerVersion => inner.ServerVersion;

        public override ConnectionState State => inner.State;

        public override void ChangeDatabase(string databaseName) => inner.ChangeDatabase(databaseName);

        public override void Close() => inner.Close();

        public override void Open() => inner.Open();

        public override Task OpenAsync(CancellationToken cancellationToken) => inner.OpenAsync(cancellationToken);

        public override ValueTask DisposeAsync() => inner.DisposeAsync();

        protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) => new FaultyTransaction(this, inner.BeginTransaction(isolationLevel), failure);

        protected override async ValueTask<DbTransaction> BeginDbTransactionAsync(IsolationLevel isolationLevel, CancellationToken cancellationToken) =>
            new FaultyTransaction(this, await inner.BeginTransactionAsync(isolationLevel, cancellationToken).ConfigureAwait(false), failure);

        protected override DbCommand CreateDbCommand() => new FaultyCommand(this, inner.CreateCommand(), failure);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    private sealed class FaultyTransaction(FaultyConnection connection, DbTransaction inner, Func<string, DbException> failure) : DbTransaction
    {
        public DbTransaction Inner => inner;

        public override IsolationLevel IsolationLevel => inner.IsolationLevel;

        protected override DbConnection DbConnection => connection;

        public override void Commit() => inner.Commit();

        public override Task CommitAsync(CancellationToken cancellationToken = default) => DbFaults.CommitAsync("Commit", () => inner.CommitAsync(cancellationToken), failure);

        public override void Rollback() => inner.Rollback();

        public override Task RollbackAsync(CancellationToken cancellationToken = default) => inner.RollbackAsync(cancellationToken);

        public override ValueTask DisposeAsync() => inner.DisposeAsync();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    private sealed class FaultyCommand(FaultyConnection connection, DbCommand inner, Func<string, DbException> failure) : DbCommand
    {
        private FaultyTransaction? transaction;

        [System.Diagnostics.CodeAnalysis.AllowNull]
        public override string CommandText
        {
            get => inner.CommandText;
            set => inner.CommandText = value;
        }

        public override int CommandTimeout
        {
            get => inner.CommandTimeout;
            set => inner.CommandTimeout = value;
        }

        public override CommandType CommandType
        {
            get => inner.CommandType;
            set => inner.CommandType = value;
        }

        public override bool DesignTimeVisible
        {
            get => inner.DesignTimeVisible;
            set => inner.DesignTimeVisible = value;
        }

        public override UpdateRowSource UpdatedRowSource
        {
            get => inner.UpdatedRowSource;
            set => inner.UpdatedRowSource = value;
        }

        protected override DbConnection? DbConnection
        {
            get => connection;
            set => throw new NotSupportedException("A chaos command stays on the connection that created it.");
        }

        protected override DbParameterCollection DbParameterCollection => inner.Parameters;

        protected override DbTransaction? DbTransaction
        {
            get => transaction;
            set
            {
                transaction = (FaultyTransaction?)value;
                inner.Transaction = transaction?.Inner;
            }
        }

        public override void Cancel() => inner.Cancel();

        public override int ExecuteNonQuery() => inner.ExecuteNonQuery();

        public override object? ExecuteScalar() => inner.ExecuteScalar();

        public override void Prepare() => inner.Prepare();

        public override Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken) =>
            DbFaults.RunAsync("ExecuteNonQuery", () => inner.ExecuteNonQueryAsync(cancellationToken), failure);

        public override Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken) =>
            DbFaults.RunAsync("ExecuteScalar", () => inner.ExecuteScalarAsync(cancellationToken), failure);

        protected override DbParameter CreateDbParameter() => inner.CreateParameter();

        protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) => inner.ExecuteReader(behavior);

        protected override Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken) =>
            DbFaults.ReaderAsync(inner, behavior, cancellationToken, failure);

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
