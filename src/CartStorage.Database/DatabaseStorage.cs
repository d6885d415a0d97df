using System.Data.Common;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CartStorage.Database;

/// <summary>
/// Stores each cart as one row of a relational table (SQLite or PostgreSQL through their packages, or any engine
/// with a <see cref="CartSqlDialect"/>), guarded by a version compare-and-swap that the database checks at write time.
/// </summary>
/// <remarks>
/// <para>
/// Every write replaces the row only if its <c>version</c> still equals the version the writer read
/// and its id is still the id the writer read (<c>UPDATE ... WHERE version = @expected AND id = @expected_id</c>: a cart
/// removed and created again restarts at version 1 with a new id), and a new cart is created with <c>INSERT ... ON CONFLICT DO NOTHING</c>:
/// two writers never both succeed from the same version, and two first-time writers never see a raw unique-key
/// error. <see cref="ICartStorage.SaveAsync"/> throws <see cref="CartConflictException"/> at once on a conflict;
/// <see cref="ICartStorage.UpdateAsync"/> and the granular puts re-read and retry (<c>Cart:Database:Retry</c>).
/// </para>
/// <para>
/// With <c>Cart:Database:LockForUpdate</c>, the read-modify-write also runs in a transaction that locks the row
/// (PostgreSQL <c>SELECT ... FOR UPDATE</c>, SQLite <c>BEGIN IMMEDIATE</c>), so writers queue instead of retrying.
/// </para>
/// <para>
/// The table is created on first use unless <c>Cart:Database:CreateTable</c> is off. The storage does not own
/// <see cref="DbDataSource"/>: whoever created it disposes it.
/// </para>
/// </remarks>
public sealed partial class DatabaseStorage : CartStorageBase
{
    private readonly CartSqlDialect dialect;
    private readonly CartTable table;
    private readonly CartRetryPolicy retry;
    private readonly bool lockForUpdate;
    private readonly int purgeBatchSize;
    private readonly ILogger logger;

    /// <summary>Creates the storage.</summary>
    /// <param name="dataSource">Opens connections to the database.</param>
    /// <param name="dialect">The SQL of the database engine.</param>
    /// <param name="options">The <c>Cart</c> options: <c>Limits</c> apply.</param>
    /// <param name="databaseOptions">The <c>Cart:Database</c> options: the table, the concurrency mode, retries and purge batches.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="timeProvider">The clock; the system clock when <see langword="null"/>.</param>
    /// <param name="meterFactory">Creates the <c>CartStorage</c> meter; a process-wide meter when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException"><c>Cart:Database:Table</c> is not a valid table name.</exception>
    public DatabaseStorage(
        DbDataSource dataSource,
        CartSqlDialect dialect,
        IOptions<CartStorageOptions> options,
        IOptions<CartDatabaseOptions> databaseOptions,
        ILogger<DatabaseStorage>? logger = null,
        TimeProvider? timeProvider = null,
        IMeterFactory? meterFactory = null)
        : base((options ?? throw new ArgumentNullException(nameof(options))).Value.Limits, timeProvider, meterFactory)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(dialect);
        ArgumentNullException.ThrowIfNull(databaseOptions);
        var value = options.Value;
        var database = databaseOptions.Value;
        Table = CartTableName.Parse(database.Table);
        this.logger = logger ?? (ILogger)NullLogger.Instance;
        this.dialect = dialect;
        table = new CartTable(dataSource, dialect, Table, database.CreateTable, CheckPayloadSize, this.logger);
        retry = new CartRetryPolicy("Cart:Database:Retry", database.Retry.MaxAttempts, database.Retry.BaseDelay, database.Retry.MaxDelay);
        lockForUpdate = database.LockForUpdate;
        purgeBatchSize = database.Purge.BatchSize;
        Store = $"{dialect.Name} table {Table}";
        Capabilities = new CartStorageCapabilities("database", SafeAcrossServers: true, StoreEnforcedVersionCheck: true, Locking: lockForUpdate);
    }

    /// <summary>The table this storage reads and writes.</summary>
    public CartTableName Table { get; }

    /// <inheritdoc />
    public override CartStorageCapabilities Capabilities { get; }

    /// <inheritdoc />
    /// <remarks>Microseconds: what every engine's timestamp column keeps.</remarks>
    protected override TimeSpan TimestampPrecision => TimeSpan.FromTicks(TimeSpan.TicksPerMicrosecond);

    /// <inheritdoc />
    protected override CartRetryPolicy RetryPolicy => retry;

    /// <inheritdoc />
    protected override ILogger Logger => logger;

    /// <summary>
    /// Deletes the carts last written before <paramref name="updatedBefore"/>, in batches of
    /// <c>Cart:Database:Purge:BatchSize</c> rows (one short statement each). A cart written while a batch waited for its
    /// row is kept and not counted (<see cref="CartSqlDialect.PurgeBatch"/>).
    /// </summary>
    /// <returns>How many carts were deleted.</returns>
    /// <exception cref="CartStorageUnavailableException">The database could not be reached or did not answer in time.</exception>
    public Task<long> PurgeAsync(DateTimeOffset updatedBefore, CancellationToken ct = default) => GuardAsync(null, null, progress => PurgeUnguardedAsync(updatedBefore, progress, ct));

    private async Task<long> PurgeUnguardedAsync(DateTimeOffset updatedBefore, CartWriteProgress progress, CancellationToken ct)
    {
        var total = await table.PurgeAsync(updatedBefore, purgeBatchSize, progress, ct).ConfigureAwait(false);
        Log.Purged(logger, total, Table.ToString(), updatedBefore);
        return total;
    }

    /// <summary>Get, before store failures are translated (<see cref="GuardAsync{T}"/>).</summary>
    private async Task<CartSnapshot?> GetUnguardedAsync(CartKey key, CancellationToken ct)
    {
        var connection = await table.OpenAsync(ct).ConfigureAwait(false);
        await using var connectionRelease = connection.ConfigureAwait(false);
        return await table.ReadAsync(connection, null, key, forUpdate: false, ct).ConfigureAwait(false);
    }

    /// <summary>Forget, before store failures are translated (<see cref="GuardAsync{T}"/>).</summary>
    private async Task ForgetUnguardedAsync(CartKey key, CartSnapshot? expected, CartWriteProgress progress, CancellationToken ct)
    {
        if (expected is null)
        {
            await table.DeleteAsync(key, progress, ct).ConfigureAwait(false);
            return;
        }

        // DELETE ... WHERE version = @expected AND id = @expected_id: the database compares the cart at the moment it
        // removes the row, so a cart created again since (versions restart at 1, with a new id) is never removed. When
        // no row was deleted, the cart read afterwards says why.
        if (expected.Version > 0 && await table.DeleteVersionAsync(key, expected, progress, ct).ConfigureAwait(false))
        {
            return;
        }

        var actual = await GetUnguardedAsync(key, ct).ConfigureAwait(false) ?? CartSnapshot.Empty;
        if (expected.Version > 0 || !IsSameCart(expected, actual))
        {
            // A cart that did not match at the delete can never match later (its id is unique, its version only grows).
            throw Conflict(key, expected, actual);
        }
    }

    /// <summary>ForgetIdentifier, before store failures are translated (<see cref="GuardAsync{T}"/>).</summary>
    private Task ForgetIdentifierUnguardedAsync(string identifier, CartWriteProgress progress, CancellationToken ct) =>
        table.DeleteIdentifierAsync(identifier, progress, ct);

    /// <summary>Flush, before store failures are translated (<see cref="GuardAsync{T}"/>).</summary>
    private async Task FlushUnguardedAsync(CartWriteProgress progress, CancellationToken ct)
    {
        await table.DeleteAllAsync(progress, ct).ConfigureAwait(false);
        Log.Flushed(logger, Table.ToString());
    }

    /// <summary>GetInstances, before store failures are translated (<see cref="GuardAsync{T}"/>).</summary>
    private Task<IReadOnlyList<string>> GetInstancesUnguardedAsync(string identifier, CancellationToken ct) =>
        table.SelectInstancesAsync(identifier, ct);

    /// <summary>Swap, before store failures are translated (<see cref="GuardAsync{T}"/>).</summary>
    private async Task<bool> SwapUnguardedAsync(CartKey from, CartKey to, CartWriteProgress progress, CancellationToken ct) =>
        await RetryAsync(CartOperation.Swap, to, () => TryMoveAsync(from, to, StampSwap, progress, ct), ct).ConfigureAwait(false) is not null;

    /// <summary>Merge, before store failures are translated (<see cref="GuardAsync{T}"/>).</summary>
    private async Task<CartSnapshot?> MergeUnguardedAsync(CartKey from, CartKey to, CartMergeStrategy strategy, CartWriteProgress progress, CancellationToken ct) =>
        await RetryAsync(CartOperation.Merge, to, () => TryMoveAsync(from, to, (source, target) => StampMerge(source, target, strategy), progress, ct), ct).ConfigureAwait(false)
        ?? await GetUnguardedAsync(to, ct).ConfigureAwait(false);

    /// <summary>Reads the cart for one write attempt; with <c>LockForUpdate</c>, in a transaction that locks its row.</summary>
    private async Task<CartWrite> BeginWriteUnguardedAsync(CartKey key, CartWriteProgress progress, CancellationToken ct)
    {
        var connection = await table.OpenAsync(ct).ConfigureAwait(false);
        DbTransaction? transaction = null;
        try
        {
            transaction = lockForUpdate ? await table.BeginWriteTransactionAsync(connection, ct).ConfigureAwait(false) : null;
            var current = await table.ReadAsync(connection, transaction, key, lockForUpdate, ct).ConfigureAwait(false);
            return new RowWrite(this, key, connection, transaction, current, progress);
        }
        catch
        {
            await Release(connection, transaction).ConfigureAwait(false);
            throw;
        }
    }

    private static async ValueTask Release(DbConnection connection, DbTransaction? transaction)
    {
        try
        {
            if (transaction is not null)
            {
                await transaction.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// One transaction that locks both rows (in ordinal order of their identifiers, so opposite moves cannot deadlock),
    /// deletes the source at the version read and writes <paramref name="combine"/>'s cart over the target at the version
    /// read; <see langword="null"/> without a source cart.
    /// </summary>
    private async Task<(bool Written, CartSnapshot? Value, CartSnapshot Expected)> TryMoveAsync(CartKey from, CartKey to, Func<CartSnapshot, CartSnapshot, CartSnapshot> combine, CartWriteProgress progress, CancellationToken ct)
    {
        var connection = await table.OpenAsync(ct).ConfigureAwait(false);
        await using var connectionRelease = connection.ConfigureAwait(false);
        var transaction = await table.BeginWriteTransactionAsync(connection, ct).ConfigureAwait(false);
        await using var transactionRelease = transaction.ConfigureAwait(false);

        var fromFirst = string.CompareOrdinal(from.Identifier, to.Identifier) < 0;
        var first = await table.ReadAsync(connection, transaction, fromFirst ? from : to, forUpdate: true, ct).ConfigureAwait(false);
        var second = await table.ReadAsync(connection, transaction, fromFirst ? to : from, forUpdate: true, ct).ConfigureAwait(false);
        var (source, target) = fromFirst ? (first, second) : (second, first);
        var current = target ?? CartSnapshot.Empty;
        if (source is null)
        {
            return (true, null, current);
        }

        var moved = combine(source, current);
        if (!await table.DeleteVersionAsync(connection, transaction, from, source, progress, ct).ConfigureAwait(false)
            || !await table.WriteAsync(connection, transaction, to, current, moved, progress, ct).ConfigureAwait(false))
        {
            return (false, null, current);
        }

        await progress.CommitAsync(transaction, ct).ConfigureAwait(false);
        return (true, moved, current);
    }

    /// <summary>
    /// A write attempt on one connection (and, with <c>LockForUpdate</c>, the transaction that locked the row):
    /// <c>UPDATE ... WHERE version = @expected AND id = @expected_id</c>, or <c>INSERT ... ON CONFLICT DO NOTHING</c>.
    /// </summary>
    private sealed class RowWrite(DatabaseStorage storage, CartKey key, DbConnection connection, DbTransaction? transaction, CartSnapshot? current, CartWriteProgress progress)
        : CartWrite(current)
    {
        public override Task<bool> TryWriteAsync(CartSnapshot next, CancellationToken ct) =>
            storage.GuardAsync(key.Identifier, key.Instance, async _ =>
            {
                if (!await storage.table.WriteAsync(connection, transaction, key, Current, next, progress, ct).ConfigureAwait(false))
                {
                    return false;
                }

                if (transaction is not null)
                {
                    await progress.CommitAsync(transaction, ct).ConfigureAwait(false);
                }

                return true;
            },
            progress);

        public override async ValueTask DisposeAsync()
        {
            // Under the guard: a connection lost while rolling back reads as unavailability, said as truthfully as the write's.
            await storage.GuardAsync(key.Identifier, key.Instance, async _ =>
            {
                await Release(connection, transaction).ConfigureAwait(false);
                return true;
            },
            progress).ConfigureAwait(false);
            await base.DisposeAsync().ConfigureAwait(false);
        }
    }
}
