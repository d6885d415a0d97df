using System.Data.Common;
using System.Text;
using Microsoft.Extensions.Logging;

namespace CartStorage.Database;

/// <summary>
/// The ADO.NET side of <see cref="DatabaseStorage"/>, which keeps the update rules: opens connections (creating the
/// table on first use unless <c>Cart:Database:CreateTable</c> is off), runs the statements of <see cref="CartSql"/>
/// with parameters, and turns rows into snapshots (reporting unreadable rows as corruption) and snapshots into rows.
/// </summary>
internal sealed partial class CartTable(DbDataSource dataSource, CartSqlDialect dialect, CartTableName table, bool createTable, Action<long> checkSize, ILogger logger)
{
    private readonly CartSql sql = new(dialect, table);
    private readonly Lock tableGate = new();
    private Task? tableCreation;

    /// <summary>An open connection to a database where the table exists.</summary>
    public async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        await EnsureTableAsync(ct).ConfigureAwait(false);
        return await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
    }

    /// <summary>A transaction that takes the write lock at once (see <see cref="CartSqlDialect.BeginWriteTransactionAsync"/>).</summary>
    public ValueTask<DbTransaction> BeginWriteTransactionAsync(DbConnection connection, CancellationToken ct) =>
        dialect.BeginWriteTransactionAsync(connection, ct);

    /// <summary>Removes the cart whatever its version.</summary>
    public Task<int> DeleteAsync(CartKey key, CartWriteProgress progress, CancellationToken ct) =>
        ExecuteAsync(sql.Delete, command => AddKey(command, key), progress, ct);

    /// <summary>Removes the cart if it is <paramref name="expected"/> (its id and version); whether a row was removed.</summary>
    public async Task<bool> DeleteVersionAsync(CartKey key, CartSnapshot expected, CartWriteProgress progress, CancellationToken ct) =>
        await ExecuteAsync(sql.DeleteVersion, command => AddExpected(command, key, expected), progress, ct).ConfigureAwait(false) == 1;

    /// <summary>Removes every cart of an identifier.</summary>
    public Task<int> DeleteIdentifierAsync(string identifier, CartWriteProgress progress, CancellationToken ct) =>
        ExecuteAsync(sql.DeleteIdentifier, command => AddParameter(command, "identifier", identifier), progress, ct);

    /// <summary>Removes every cart of the table.</summary>
    public Task<int> DeleteAllAsync(CartWriteProgress progress, CancellationToken ct) => ExecuteAsync(sql.DeleteAll, static _ => { }, progress, ct);

    /// <summary>The instances of an identifier, in ordinal order.</summary>
    public async Task<IReadOnlyList<string>> SelectInstancesAsync(string identifier, CancellationToken ct)
    {
        var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using var connectionRelease = connection.ConfigureAwait(false);
        using var command = Command(connection, null, sql.SelectInstances);
        AddParameter(command, "identifier", identifier);
        var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await using var readerRelease = reader.ConfigureAwait(false);
        var instances = new List<string>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            instances.Add(reader.GetString(0));
        }

        instances.Sort(StringComparer.Ordinal);
        return instances;
    }

    /// <summary>Deletes the carts last written before <paramref name="before"/>, <paramref name="batchSize"/> rows per statement; how many.</summary>
    public async Task<long> PurgeAsync(DateTimeOffset before, int batchSize, CartWriteProgress progress, CancellationToken ct)
    {
        var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using var connectionRelease = connection.ConfigureAwait(false);
        long total = 0;
        int deleted;
        do
        {
            using var command = Command(connection, null, sql.PurgeBatch);
            AddParameter(command, "before", before.ToUniversalTime());
            AddParameter(command, "limit", batchSize);
            deleted = await progress.ExecuteAsync(command, ct).ConfigureAwait(false);
            total += deleted;
        }
        while (deleted == batchSize);

        return total;
    }

    public async Task<CartSnapshot?> ReadAsync(DbConnection connection, DbTransaction? transaction, CartKey key, bool forUpdate, CancellationToken ct)
    {
        using var command = Command(connection, transaction, forUpdate ? sql.SelectForUpdate : sql.Select);
        AddKey(command, key);
        var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await using var readerRelease = reader.ConfigureAwait(false);
        return await reader.ReadAsync(ct).ConfigureAwait(false) ? ReadRow(key, reader) : null;
    }

    /// <summary>
    /// One row as a cart; a NULL, a value of the wrong type or a value no write would have stored is
    /// <see cref="CartDataCorruptedException"/>, never a missing cart or a caller's error.
    /// </summary>
    private CartSnapshot ReadRow(CartKey key, DbDataReader reader)
    {
        try
        {
            for (var column = 0; column < 8; column++)
            {
                if (reader.IsDBNull(column))
                {
                    throw new CartDataCorruptedException(key.Identifier, key.Instance, $"the required column {reader.GetName(column)} is NULL.");
                }
            }

            return CartJson.CheckStored(key, new CartSnapshot
            {
                Id = reader.GetGuid(0),
                Items = CartJson.DeserializeItems(key, dialect.ReadJson(reader.GetString(1))),
                Conditions = CartJson.DeserializeConditions(key, dialect.ReadJson(reader.GetString(2))),
                Metadata = CartJson.DeserializeMetadata(key, dialect.ReadJson(reader.GetString(3))),

                // GetValue, not GetInt64: SQLite would turn a text or real value into a number without complaint.
                Version = reader.GetValue(4) is long version ? version : throw new InvalidCastException($"the version column holds a {reader.GetValue(4).GetType().Name}, not an integer."),
                CreatedAt = reader.GetFieldValue<DateTimeOffset>(5),
                UpdatedAt = reader.GetFieldValue<DateTimeOffset>(6),
                IdempotencyKeys = CartJson.DeserializeIdempotencyKeys(key, dialect.ReadJson(reader.GetString(7))),
            });
        }
        catch (Exception e) when (e is FormatException or InvalidCastException or InvalidOperationException or OverflowException or System.Text.Json.JsonException)
        {
            throw new CartDataCorruptedException(key.Identifier, key.Instance, $"a column has a value of the wrong type ({e.GetType().Name}).", e);
        }
    }

    /// <summary>
    /// Inserts the cart (<paramref name="expected"/> at version 0) or replaces the one read as <paramref name="expected"/>
    /// (its version and id); whether a row was written.
    /// </summary>
    public async Task<bool> WriteAsync(DbConnection connection, DbTransaction? transaction, CartKey key, CartSnapshot expected, CartSnapshot cart, CartWriteProgress progress, CancellationToken ct)
    {
        var items = CartJson.SerializeItems(cart.Items);
        var conditions = CartJson.SerializeConditions(cart.Conditions);
        var metadata = CartJson.SerializeMetadata(cart.Metadata);
        var keys = CartJson.SerializeIdempotencyKeys(cart.IdempotencyKeys);
        checkSize((long)Encoding.UTF8.GetByteCount(items) + Encoding.UTF8.GetByteCount(conditions) + Encoding.UTF8.GetByteCount(metadata) + Encoding.UTF8.GetByteCount(keys));

        using var command = Command(connection, transaction, expected.Version == 0 ? sql.Insert : sql.Update);
        if (expected.Version == 0)
        {
            AddKey(command, key);
        }
        else
        {
            AddExpected(command, key, expected);
        }

        AddParameter(command, "id", cart.Id.ToString("D"));
        AddParameter(command, "items", items);
        AddParameter(command, "conditions", conditions);
        AddParameter(command, "metadata", metadata);
        AddParameter(command, "version", cart.Version);
        AddParameter(command, "created_at", cart.CreatedAt!.Value);
        AddParameter(command, "updated_at", cart.UpdatedAt!.Value);
        AddParameter(command, "idempotency_keys", keys);

        return await progress.ExecuteAsync(command, ct).ConfigureAwait(false) == 1;
    }

    /// <summary>Removes the cart in <paramref name="transaction"/> if it is <paramref name="expected"/> (its id and version); whether a row was removed.</summary>
    public async Task<bool> DeleteVersionAsync(DbConnection connection, DbTransaction? transaction, CartKey key, CartSnapshot expected, CartWriteProgress progress, CancellationToken ct)
    {
        using var command = Command(connection, transaction, sql.DeleteVersion);
        AddExpected(command, key, expected);
        return await progress.ExecuteAsync(command, ct).ConfigureAwait(false) == 1;
    }

    /// <summary>Runs one statement that changes rows on a connection of its own; the number of rows it affected.</summary>
    private async Task<int> ExecuteAsync(string statement, Action<DbCommand> bind, CartWriteProgress progress, CancellationToken ct)
    {
        await EnsureTableAsync(ct).ConfigureAwait(false);
        var connection = await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var connectionRelease = connection.ConfigureAwait(false);
        using var command = Command(connection, null, statement);
        bind(command);
        return await progress.ExecuteAsync(command, ct).ConfigureAwait(false);
    }

    private Task EnsureTableAsync(CancellationToken ct)
    {
        if (!createTable)
        {
            return Task.CompletedTask;
        }

        var creation = Volatile.Read(ref tableCreation);
        if (creation is null || creation.IsFaulted || creation.IsCanceled)
        {
            lock (tableGate)
            {
                // One creation shared by every caller; a failed one is retried by the next call.
                if (tableCreation is null || tableCreation.IsFaulted || tableCreation.IsCanceled)
                {
                    tableCreation = CreateTableAsync();
                }

                creation = tableCreation;
            }
        }

        return creation.IsCompletedSuccessfully ? creation : creation.WaitAsync(ct);
    }

    private async Task CreateTableAsync()
    {
        var connection = await dataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using var connectionRelease = connection.ConfigureAwait(false);
        var transaction = await dialect.BeginWriteTransactionAsync(connection, CancellationToken.None).ConfigureAwait(false);
        await using var transactionRelease = transaction.ConfigureAwait(false);
        foreach (var statement in sql.LockForCreate)
        {
            using var command = Command(connection, transaction, statement);
            AddParameter(command, "table", table.ToString());
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        foreach (var statement in sql.CreateTable)
        {
            using var command = Command(connection, transaction, statement);
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        await dialect.UpgradeTableAsync(connection, transaction, table, CancellationToken.None).ConfigureAwait(false);

        await transaction.CommitAsync().ConfigureAwait(false);
        Log.TableReady(logger, table.ToString(), dialect.Name);
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string text)
    {
        var command = connection.CreateCommand();
        command.CommandText = text;
        command.Transaction = transaction;
        return command;
    }

    /// <summary>The cart's key and the cart a conditional statement expects: <c>@expected</c> (version) and <c>@expected_id</c>.</summary>
    private static void AddExpected(DbCommand command, CartKey key, CartSnapshot expected)
    {
        AddKey(command, key);
        AddParameter(command, "expected", expected.Version);
        AddParameter(command, "expected_id", expected.Id.ToString("D"));
    }

    public static void AddKey(DbCommand command, CartKey key)
    {
        AddParameter(command, "identifier", key.Identifier);
        AddParameter(command, "instance", key.Instance);
    }

    public static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static partial class Log
    {
        [LoggerMessage(DatabaseEventIds.DatabaseTableReady, LogLevel.Information, "Cart table {Table} is ready ({Dialect}).", EventName = nameof(DatabaseEventIds.DatabaseTableReady))]
        public static partial void TableReady(ILogger logger, string table, string dialect);
    }
}
