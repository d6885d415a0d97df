using CartStorage.Database;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace CartStorage.Sqlite;

/// <summary>
/// The SQL of <see cref="DatabaseStorage"/> on SQLite (3.24 or later): JSON as <c>TEXT</c>, the id as its text form,
/// timestamps as ISO-8601 text in UTC. SQLite has one writer at a time and no row locks, so the locking mode
/// (<c>Cart:Database:LockForUpdate</c>) takes the database write lock at the start of the transaction
/// (<c>BEGIN IMMEDIATE</c>).
/// </summary>
public sealed class SqliteCartSqlDialect : CartSqlDialect
{
    /// <summary>SQLite's primary result codes for a database file that cannot be opened or read/written (disk, permissions, a vanished mount).</summary>
    private const int IoError = 10, CannotOpen = 14;

    /// <inheritdoc />
    public override string Name => "sqlite";

    /// <inheritdoc />
    /// <remarks>A file that cannot be opened (SQLITE_CANTOPEN) or an I/O error (SQLITE_IOERR); a busy database, a constraint or a corrupt file is not.</remarks>
    public override bool IsUnavailable(DbException exception) =>
        exception is SqliteException { SqliteErrorCode: IoError or CannotOpen };

    /// <inheritdoc />
    public override IReadOnlyList<string> CreateTable(CartTableName table)
    {
        // SQLite qualifies the index name, not the indexed table, with the schema.
        var index = table.Schema is null ? Quote(UpdatedAtIndexName(table)) : $"{Quote(table.Schema)}.{Quote(UpdatedAtIndexName(table))}";
        return
        [
            $"""
            CREATE TABLE IF NOT EXISTS {QuoteTable(table)} (
                id TEXT NOT NULL PRIMARY KEY,
                identifier TEXT NOT NULL,
                instance TEXT NOT NULL,
                items TEXT NOT NULL,
                conditions TEXT NOT NULL,
                metadata TEXT NOT NULL,
                version INTEGER NOT NULL,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                idempotency_keys TEXT NOT NULL DEFAULT '[]',
                UNIQUE (identifier, instance)
            )
            """,
            $"CREATE INDEX IF NOT EXISTS {index} ON {Quote(table.Name)} (updated_at)",
        ];
    }

    /// <inheritdoc />
    /// <remarks>SQLite has no <c>ADD COLUMN IF NOT EXISTS</c>: the column list (<c>pragma_table_info</c>) says whether to add it.</remarks>
    public override async ValueTask UpgradeTableAsync(DbConnection connection, DbTransaction transaction, CartTableName table, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var probe = connection.CreateCommand();
        probe.Transaction = transaction;
        probe.CommandText = "SELECT COUNT(*) FROM pragma_table_info(@name, @schema) WHERE name = 'idempotency_keys'";
        probe.Parameters.Add(new SqliteParameter("name", table.Name));
        probe.Parameters.Add(new SqliteParameter("schema", table.Schema ?? "main"));
        if (Convert.ToInt64(await probe.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            using var alter = connection.CreateCommand();
            alter.Transaction = transaction;
            alter.CommandText = $"ALTER TABLE {QuoteTable(table)} ADD COLUMN idempotency_keys TEXT NOT NULL DEFAULT '[]'";
            await alter.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// One <c>INSERT ... SELECT ... ON CONFLICT DO UPDATE</c> for every change, built with SQLite's JSON functions
    /// (<c>json_each</c>, <c>json_insert</c>, <c>json_set</c>, <c>json_remove</c>): needs SQLite 3.35 or later
    /// (<c>RETURNING</c>, <c>MATERIALIZED</c>) and 3.43 (<c>octet_length</c>); Microsoft.Data.Sqlite bundles 3.53.
    /// </remarks>
    public override string? ItemChange(CartTableName table, bool add) => SqliteItemChangeSql.Statement(QuoteTable(table), CartColumns);

    /// <summary>
    /// <c>BEGIN IMMEDIATE</c>: takes the database write lock at once (waiting up to the busy timeout), so the
    /// read-modify-write that follows cannot interleave with another writer and never fails to upgrade a read lock.
    /// </summary>
    public override ValueTask<DbTransaction> BeginWriteTransactionAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var sqlite = connection as SqliteConnection
            ?? throw new ArgumentException($"The SQLite dialect needs a {nameof(SqliteConnection)}, not {connection?.GetType().Name ?? "null"}.", nameof(connection));
        return ValueTask.FromResult<DbTransaction>(sqlite.BeginTransaction(deferred: false));
    }
}
