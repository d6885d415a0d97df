using System.Data.Common;

namespace CartStorage.Database.Tests;

/// <summary>Another dialect's SQL, for test dialects that change one statement.</summary>
internal abstract class ForwardingDialect(CartSqlDialect inner) : CartSqlDialect
{
    protected CartSqlDialect Inner => inner;

    public override string Name => inner.Name;

    public override string Quote(string identifier) => inner.Quote(identifier);

    public override IReadOnlyList<string> CreateTable(CartTableName table) => inner.CreateTable(table);

    public override IReadOnlyList<string> LockForCreate(CartTableName table) => inner.LockForCreate(table);

    public override ValueTask<DbTransaction> BeginWriteTransactionAsync(DbConnection connection, CancellationToken cancellationToken) =>
        inner.BeginWriteTransactionAsync(connection, cancellationToken);

    public override string ReadJson(string stored) => inner.ReadJson(stored);

    public override string SelectCart(CartTableName table, bool forUpdate) => inner.SelectCart(table, forUpdate);

    public override string InsertCart(CartTableName table) => inner.InsertCart(table);

    public override string UpdateCart(CartTableName table) => inner.UpdateCart(table);

    public override string DeleteCart(CartTableName table) => inner.DeleteCart(table);

    public override string DeleteCartVersion(CartTableName table) => inner.DeleteCartVersion(table);

    public override string DeleteIdentifier(CartTableName table) => inner.DeleteIdentifier(table);

    public override string SelectInstances(CartTableName table) => inner.SelectInstances(table);

    public override string DeleteAll(CartTableName table) => inner.DeleteAll(table);

    public override string PurgeBatch(CartTableName table) => inner.PurgeBatch(table);
}

/// <summary>
/// The naive design, for proofs that the version check matters: the inner dialect's SQL, except that the UPDATE no
/// longer compares the stored version with the one the writer read (read, then overwrite).
/// </summary>
internal sealed class UncheckedDialect(CartSqlDialect inner) : ForwardingDialect(inner)
{
    public override string UpdateCart(CartTableName table)
    {
        var checkedUpdate = Inner.UpdateCart(table);
        checkedUpdate.Should().Contain("AND version = @expected");
        return checkedUpdate.Replace("AND version = @expected", "AND @expected IS NOT NULL", StringComparison.Ordinal);
    }
}

/// <summary>The inner dialect; <see cref="Locking"/> completes when a writer starts taking the write lock.</summary>
internal sealed class LockSignallingDialect(CartSqlDialect inner) : ForwardingDialect(inner)
{
    private readonly TaskCompletionSource locking = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Locking => locking.Task;

    public override ValueTask<DbTransaction> BeginWriteTransactionAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        locking.TrySetResult();
        return Inner.BeginWriteTransactionAsync(connection, cancellationToken);
    }
}

/// <summary>
/// The inner dialect, except that the purge's subquery chooses every row whatever its <c>updated_at</c>: a selection
/// that is out of date by the time the rows are deleted, which only the outer <c>DELETE</c>'s own checks can correct.
/// </summary>
internal sealed class StaleSelectionDialect(CartSqlDialect inner) : ForwardingDialect(inner)
{
    private const string Selection = "WHERE updated_at < @before ORDER BY";

    public override string PurgeBatch(CartTableName table)
    {
        var purge = Inner.PurgeBatch(table);
        purge.Should().Contain(Selection);
        return purge.Replace(Selection, "WHERE updated_at IS NOT NULL ORDER BY", StringComparison.Ordinal);
    }
}
