using System.Data;
using System.Data.Common;

namespace CartStorage.Database;

/// <summary>
/// All the SQL text <see cref="DatabaseStorage"/> runs on one database engine, built from a validated
/// <see cref="CartTableName"/> (once per storage) and always quoted. Values are never part of the text: every
/// statement takes parameters, named <c>@identifier</c>, <c>@instance</c>, <c>@id</c>, <c>@items</c>,
/// <c>@conditions</c>, <c>@metadata</c>, <c>@idempotency_keys</c> (JSON text), <c>@version</c>, <c>@expected</c> (the version the caller read),
/// <c>@created_at</c>, <c>@updated_at</c>, <c>@before</c>, <c>@limit</c> and <c>@table</c>.
/// </summary>
/// <remarks>
/// Designed for inheritance: the packages CartStorage.Sqlite and CartStorage.PostgreSql derive from it, and so can
/// a dialect for another engine. The defaults are standard SQL plus <c>INSERT ... ON CONFLICT DO NOTHING</c> (SQLite
/// 3.24+, PostgreSQL 9.5+), so a derived dialect usually overrides only <see cref="CreateTable"/>, the
/// parameter casts and the row-locking clause. The table has the columns <c>id</c>, <c>identifier</c>,
/// <c>instance</c>, <c>items</c>, <c>conditions</c>, <c>metadata</c>, <c>version</c>, <c>created_at</c>,
/// <c>updated_at</c>, <c>idempotency_keys</c> (a JSON array of text, default <c>[]</c>), unique (<c>identifier</c>, <c>instance</c>), and an index on <c>updated_at</c>.
/// </remarks>
public abstract class CartSqlDialect
{
    /// <summary>The columns a cart is read from, in the order <see cref="DatabaseStorage"/> reads them.</summary>
    protected const string CartColumns = "id, items, conditions, metadata, version, created_at, updated_at, idempotency_keys";

    /// <summary>A short name of the engine for logs, for example <c>sqlite</c>.</summary>
    public abstract string Name { get; }

    /// <summary>The clause appended to a <c>SELECT</c> to lock the row it reads until the transaction ends; none by default.</summary>
    protected virtual string ForUpdateClause => string.Empty;

    /// <summary>Quotes one validated name part. Default: SQL-standard double quotes.</summary>
    public virtual string Quote(string identifier) => $"\"{identifier}\"";

    /// <summary>The quoted, schema-qualified table name.</summary>
    public string QuoteTable(CartTableName table) =>
        table.Schema is null ? Quote(table.Name) : $"{Quote(table.Schema)}.{Quote(table.Name)}";

    /// <summary>
    /// The statements that create the table and its <c>updated_at</c> index when they are missing (idempotent), for
    /// the default table <c>carts</c> exactly the text of <c>docs/sql/</c>. They run in one transaction.
    /// </summary>
    public abstract IReadOnlyList<string> CreateTable(CartTableName table);

    /// <summary>
    /// Statements run first in the table-creating transaction so that processes creating the table at the same time
    /// wait for each other (parameter <c>@table</c>). None by default.
    /// </summary>
    public virtual IReadOnlyList<string> LockForCreate(CartTableName table) => [];

    /// <summary>
    /// Brings a table created by an earlier version of the library up to date (the <c>idempotency_keys</c> column, added
    /// in 0.3), in the table-creating transaction after <see cref="CreateTable"/>. Default: nothing, for a dialect whose
    /// <see cref="CreateTable"/> statements already do it (PostgreSQL's <c>ADD COLUMN IF NOT EXISTS</c>).
    /// </summary>
    public virtual ValueTask UpgradeTableAsync(DbConnection connection, DbTransaction transaction, CartTableName table, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>
    /// Begins the transaction of a locking read-modify-write (<c>Cart:Database:LockForUpdate</c>), of a swap and of table
    /// creation. Default: read committed, combined with <see cref="ForUpdateClause"/> row locks.
    /// </summary>
    public virtual async ValueTask<DbTransaction> BeginWriteTransactionAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Whether <paramref name="exception"/> means the database could not be reached or did not answer in time (a refused
    /// or broken connection, a timeout, a server shutting down), which <see cref="DatabaseStorage"/> reports as
    /// <see cref="CartStorageUnavailableException"/>. Never true for a constraint error or a conflict. Default:
    /// <see langword="false"/> (the driver's exception passes unchanged).
    /// </summary>
    public virtual bool IsUnavailable(DbException exception) => false;

    /// <summary>
    /// Turns JSON text as the database returns it into the compact text <see cref="DatabaseStorage"/> wrote; as is by
    /// default. A dialect whose JSON type reformats documents (PostgreSQL <c>jsonb</c>) compacts it here, so values
    /// read back have the same raw text on every backend. Throws <see cref="System.Text.Json.JsonException"/> on bad JSON.
    /// </summary>
    public virtual string ReadJson(string stored) => stored;

    /// <summary>The whole cart (<see cref="CartColumns"/>), optionally locking its row.</summary>
    public virtual string SelectCart(CartTableName table, bool forUpdate) =>
        $"SELECT {CartColumns} FROM {QuoteTable(table)} WHERE identifier = @identifier AND instance = @instance{(forUpdate ? ForUpdateClause : string.Empty)}";

    /// <summary>
    /// Creates a cart; affects no row (instead of failing) when the cart exists, which <see cref="DatabaseStorage"/>
    /// reports as a version conflict.
    /// </summary>
    public virtual string InsertCart(CartTableName table) =>
        $"INSERT INTO {QuoteTable(table)} (id, identifier, instance, items, conditions, metadata, version, created_at, updated_at, idempotency_keys) "
        + $"VALUES ({UuidParameter("id")}, @identifier, @instance, {JsonParameter("items")}, {JsonParameter("conditions")}, {JsonParameter("metadata")}, @version, @created_at, @updated_at, {JsonParameter("idempotency_keys")}) "
        + "ON CONFLICT (identifier, instance) DO NOTHING";

    /// <summary>
    /// Replaces a cart only if its stored version still equals <c>@expected</c> and its id <c>@expected_id</c>, the
    /// version and id the writer read: the compare-and-swap. Affects no row when someone else wrote in between, and none
    /// when the cart was removed and created again (its version restarts at 1, its id is new).
    /// </summary>
    public virtual string UpdateCart(CartTableName table) =>
        $"UPDATE {QuoteTable(table)} SET id = {UuidParameter("id")}, items = {JsonParameter("items")}, conditions = {JsonParameter("conditions")}, "
        + "metadata = " + JsonParameter("metadata") + ", version = @version, created_at = @created_at, updated_at = @updated_at, "
        + "idempotency_keys = " + JsonParameter("idempotency_keys") + " "
        + $"WHERE identifier = @identifier AND instance = @instance AND version = @expected AND id = {UuidParameter("expected_id")}";

    /// <summary>
    /// One statement that applies an item change (<c>AddItemAsync</c>, <c>ChangeQuantityAsync</c>, <c>RemoveItemAsync</c>)
    /// to the stored cart without reading it first, or <see langword="null"/> (the default) when the engine has none: then
    /// <see cref="DatabaseStorage"/> reads, changes and writes the cart with the version check. The statement applies
    /// the change atomically on the latest row (never on a stale read: it cannot conflict), and returns the stored cart
    /// (<see cref="CartColumns"/>) when it wrote it; it writes nothing and returns no row when the cart already
    /// remembers <c>@idempotency_key</c>, when the change changes nothing, when a limit would be exceeded, or when it
    /// cannot tell: <see cref="DatabaseStorage"/> then applies the change as an update, which decides with the full rules.
    /// </summary>
    /// <remarks>
    /// Parameters: the cart's <c>@identifier</c> and <c>@instance</c>; <c>@item_id</c>; <c>@delta</c> (a 64-bit quantity
    /// to add: the item's quantity for an add, at most <c>-2^32</c> for a removal; the item goes at zero or below);
    /// <c>@add</c> (whether a missing item is appended: <c>@items</c>, a JSON array holding the one item, of
    /// <c>@item_bytes</c> UTF-8 bytes without the brackets); <c>@idempotency_key</c> (text or NULL) and
    /// <c>@key_json</c> (the key as a JSON string, NULL without a key); for a new cart <c>@id</c> and
    /// <c>@idempotency_keys</c>; <c>@updated_at</c> (also the creation time of a new cart); the limits
    /// <c>@max_items</c>, <c>@max_quantity</c>, <c>@max_size</c> (UTF-8 bytes of the four JSON columns),
    /// <c>@max_length</c> (for the texts the change keeps) and <c>@max_keys</c>. A change on a missing cart creates it only when <paramref name="add"/> is true.
    /// </remarks>
    /// <param name="table">The table.</param>
    /// <param name="add">Whether the statement is for an add (which creates a missing cart) or for a quantity change or removal.</param>
    public virtual string? ItemChange(CartTableName table, bool add) => null;

    /// <summary>Deletes a cart whatever its version.</summary>
    public virtual string DeleteCart(CartTableName table) =>
        $"DELETE FROM {QuoteTable(table)} WHERE identifier = @identifier AND instance = @instance";

    /// <summary>
    /// Deletes a cart only if its version still equals <c>@expected</c> and its id <c>@expected_id</c>: a cart removed
    /// and created again (version restarted at 1, new id) is never deleted by a caller that read the old one.
    /// </summary>
    public virtual string DeleteCartVersion(CartTableName table) => DeleteCart(table) + $" AND version = @expected AND id = {UuidParameter("expected_id")}";

    /// <summary>Deletes every instance of <c>@identifier</c>.</summary>
    public virtual string DeleteIdentifier(CartTableName table) =>
        $"DELETE FROM {QuoteTable(table)} WHERE identifier = @identifier";

    /// <summary>The instances of <c>@identifier</c> (in any order).</summary>
    public virtual string SelectInstances(CartTableName table) =>
        $"SELECT instance FROM {QuoteTable(table)} WHERE identifier = @identifier";

    /// <summary>Deletes every row of the table.</summary>
    public virtual string DeleteAll(CartTableName table) => $"DELETE FROM {QuoteTable(table)}";

    /// <summary>
    /// Deletes at most <c>@limit</c> carts whose <c>updated_at</c> is before <c>@before</c>, oldest first. The subquery
    /// chooses the rows by id and version; the outer <c>DELETE</c> removes a row only if it still has that id and version
    /// and is still older than <c>@before</c>. A database that waits on a row a writer holds and re-checks only the
    /// deleted table's own conditions afterwards (PostgreSQL does not evaluate the subquery again) therefore keeps a
    /// cart written while the purge waited.
    /// </summary>
    public virtual string PurgeBatch(CartTableName table) =>
        $"DELETE FROM {QuoteTable(table)} WHERE (id, version) IN (SELECT id, version FROM {QuoteTable(table)} WHERE updated_at < @before ORDER BY updated_at LIMIT @limit) AND updated_at < @before";

    /// <summary>The SQL of a JSON-text parameter; a dialect with a JSON column type casts it here. Default <c>@name</c>.</summary>
    protected virtual string JsonParameter(string name) => "@" + name;

    /// <summary>The SQL of a UUID parameter, bound as its text form; a dialect with a UUID type casts it here. Default <c>@name</c>.</summary>
    protected virtual string UuidParameter(string name) => "@" + name;

    /// <summary>The name of the <c>updated_at</c> index of <paramref name="table"/>: <c>ix_{table}_updated_at</c>.</summary>
    protected static string UpdatedAtIndexName(CartTableName table) => $"ix_{table.Name}_updated_at";
}
