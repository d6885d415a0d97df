using System.Data.Common;

namespace CartStorage.Database.Tests;

/// <summary>
/// A data source and dialect for a second writer that report when it waits for the lock another writer holds, so a
/// test can prove a writer queues without guessing with a delay.
/// </summary>
public sealed class LockProbe(DbDataSource dataSource, CartSqlDialect dialect, Task blocked) : IAsyncDisposable
{
    public DbDataSource DataSource { get; } = dataSource;

    public CartSqlDialect Dialect { get; } = dialect;

    /// <summary>Completes once the writer is waiting for (or, on SQLite, taking) the lock another connection holds.</summary>
    public Task Blocked { get; } = blocked;

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
