using CartStorage.Database;
using System.Data.Common;
using Npgsql;
using System.Buffers;
using System.Text;
using System.Text.Json;

namespace CartStorage.PostgreSql;

/// <summary>
/// The SQL of <see cref="DatabaseStorage"/> on PostgreSQL (9.5 or later): items, conditions and metadata as
/// <c>jsonb</c>, the id as <c>uuid</c>, timestamps as <c>timestamptz</c>. The locking mode
/// (<c>Cart:Database:LockForUpdate</c>) reads with <c>SELECT ... FOR UPDATE</c> in a read-committed transaction.
/// </summary>
public sealed class PostgreSqlCartSqlDialect : CartSqlDialect
{
    /// <inheritdoc />
    public override string Name => "postgresql";

    /// <inheritdoc />
    protected override string ForUpdateClause => " FOR UPDATE";

    /// <inheritdoc />
    /// <remarks>
    /// Npgsql's connection failures and timeouts (<see cref="NpgsqlException"/> with <c>IsTransient</c>), and the
    /// server's own: class 08 (connection exception), 57P01-57P03 (shutting down, cannot connect now) and 53300 (too many
    /// connections). Serialization failures and deadlocks, also transient, are not unavailability.
    /// </remarks>
    public override bool IsUnavailable(DbException exception) => exception switch
    {
        PostgresException e => e.SqlState.StartsWith("08", StringComparison.Ordinal) || e.SqlState is "57P01" or "57P02" or "57P03" or "53300",
        NpgsqlException e => e.IsTransient,
        _ => false,
    };

    /// <inheritdoc />
    public override IReadOnlyList<string> CreateTable(CartTableName table) =>
    [
        $"""
        CREATE TABLE IF NOT EXISTS {QuoteTable(table)} (
            id uuid NOT NULL PRIMARY KEY,
            identifier text NOT NULL,
            instance text NOT NULL,
            items jsonb NOT NULL,
            conditions jsonb NOT NULL,
            metadata jsonb NOT NULL,
            version bigint NOT NULL,
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL,
            idempotency_keys jsonb NOT NULL DEFAULT '[]',
            UNIQUE (identifier, instance)
        )
        """,
        // A table created by 0.2 has no idempotency_keys column.
        $"ALTER TABLE {QuoteTable(table)} ADD COLUMN IF NOT EXISTS idempotency_keys jsonb NOT NULL DEFAULT '[]'",
        // PostgreSQL puts an index in its table's schema: the index name is never qualified.
        $"CREATE INDEX IF NOT EXISTS {Quote(UpdatedAtIndexName(table))} ON {QuoteTable(table)} (updated_at)",
    ];

    /// <summary>
    /// A transaction-scoped advisory lock keyed by the table name: <c>CREATE TABLE IF NOT EXISTS</c> run by two
    /// sessions at once can fail on PostgreSQL's catalog unique index, so creators take turns.
    /// </summary>
    public override IReadOnlyList<string> LockForCreate(CartTableName table) => ["SELECT pg_advisory_xact_lock(hashtext(@table))"];

    /// <summary>
    /// <c>jsonb</c> returns documents reformatted (<c>{"a": 1}</c>): compact them again, so raw JSON text reads the
    /// same as on other backends. Object keys come back in <c>jsonb</c>'s order, not the order written.
    /// </summary>
    public override string ReadJson(string stored)
    {
        using var document = JsonDocument.Parse(stored);
        var buffer = new ArrayBufferWriter<byte>(stored.Length);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            document.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <inheritdoc />
    /// <remarks>
    /// <c>INSERT ... ON CONFLICT DO UPDATE</c> for an add, <c>UPDATE</c> for a quantity change or removal, each with
    /// <c>jsonb</c> functions on the row it locks. <c>MaxDataSizeBytes</c> is checked against an upper bound of the size
    /// computed from <c>jsonb</c>'s text: a cart whose bound exceeds the limit is left to the update, which measures exactly.
    /// </remarks>
    public override string? ItemChange(CartTableName table, bool add) =>
        add ? PostgreSqlItemChangeSql.Add(QuoteTable(table), CartColumns) : PostgreSqlItemChangeSql.Change(QuoteTable(table), CartColumns);

    /// <inheritdoc />
    protected override string JsonParameter(string name) => $"CAST(@{name} AS jsonb)";

    /// <inheritdoc />
    protected override string UuidParameter(string name) => $"CAST(@{name} AS uuid)";
}
