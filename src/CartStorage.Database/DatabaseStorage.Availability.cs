using System.Data.Common;

namespace CartStorage.Database;

/// <summary>
/// The operations of <see cref="DatabaseStorage"/>, each through <see cref="GuardAsync{T}"/>: a database that cannot be
/// reached or does not answer in time becomes <see cref="CartStorageUnavailableException"/>; which errors count is the
/// dialect's call (<see cref="CartSqlDialect.IsUnavailable"/>), so constraint errors, conflicts and corruption pass unchanged.
/// </summary>
public sealed partial class DatabaseStorage
{
    /// <inheritdoc />
    protected override Task<CartSnapshot?> GetCoreAsync(CartKey key, CancellationToken ct) => GuardAsync(key.Identifier, key.Instance, _ => GetUnguardedAsync(key, ct));

    /// <inheritdoc />
    protected override Task<CartWrite> BeginWriteAsync(CartKey key, CancellationToken ct) =>
        GuardAsync(key.Identifier, key.Instance, progress => BeginWriteUnguardedAsync(key, progress, ct));

    /// <inheritdoc />
    protected override Task ForgetCoreAsync(CartKey key, CartSnapshot? expected, CancellationToken ct) =>
        GuardAsync(key.Identifier, key.Instance, progress => Done(ForgetUnguardedAsync(key, expected, progress, ct)));

    /// <inheritdoc />
    protected override Task ForgetIdentifierCoreAsync(string identifier, CancellationToken ct) =>
        GuardAsync(identifier, null, progress => Done(ForgetIdentifierUnguardedAsync(identifier, progress, ct)));

    /// <inheritdoc />
    protected override Task FlushCoreAsync(CancellationToken ct) => GuardAsync(null, null, progress => Done(FlushUnguardedAsync(progress, ct)));

    /// <inheritdoc />
    protected override Task<IReadOnlyList<string>> GetInstancesCoreAsync(string identifier, CancellationToken ct) =>
        GuardAsync(identifier, null, _ => GetInstancesUnguardedAsync(identifier, ct));

    /// <inheritdoc />
    /// <remarks>
    /// One transaction that locks both rows (in ordinal order of their identifiers, so opposite swaps cannot deadlock),
    /// deletes the source and writes its contents over the target with the target's version plus one: a target that
    /// exists is replaced, and stale <see cref="ICartStorage.SaveAsync"/> calls against it conflict.
    /// </remarks>
    protected override Task<bool> SwapCoreAsync(CartKey from, CartKey to, CancellationToken ct) => GuardAsync(to.Identifier, to.Instance, progress => SwapUnguardedAsync(from, to, progress, ct));

    /// <inheritdoc />
    /// <remarks>
    /// One transaction, as <see cref="ICartStorage.SwapIdentifierAsync"/>: both rows locked, the source deleted at the
    /// version read and the merged cart written over the target at the version read. A crash leaves both carts as they
    /// were, and a repeated call merges once.
    /// </remarks>
    protected override Task<CartSnapshot?> MergeCoreAsync(CartKey from, CartKey to, CartMergeStrategy strategy, CancellationToken ct) =>
        GuardAsync(to.Identifier, to.Instance, progress => MergeUnguardedAsync(from, to, strategy, progress, ct));

    private static async Task<bool> Done(Task operation)
    {
        await operation.ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Runs <paramref name="operation"/>; a failure the dialect calls unavailability becomes
    /// <see cref="CartStorageUnavailableException"/>, whose message says whether a change may have been written (see
    /// <see cref="CartWriteProgress.MayHaveWritten"/>) or certainly was not.
    /// </summary>
    /// <param name="identifier">The cart's identifier, named by the exception.</param>
    /// <param name="instance">The cart's instance, named by the exception.</param>
    /// <param name="operation">The operation.</param>
    /// <param name="progress">What the operation has sent so far (a write attempt's read, then its write); a new record when <see langword="null"/>.</param>
    private async Task<T> GuardAsync<T>(string? identifier, string? instance, Func<CartWriteProgress, Task<T>> operation, CartWriteProgress? progress = null)
    {
        progress ??= new CartWriteProgress();
        try
        {
            return await operation(progress).ConfigureAwait(false);
        }
        catch (DbException e) when (dialect.IsUnavailable(e))
        {
            throw CartStorageUnavailableException.Create(
                $"The cart database ({dialect.Name})",
                progress.MayHaveWritten ? CartStoreFailureKind.Interrupted : CartStoreFailureKind.Unreachable,
                e.GetType().Name,
                e,
                identifier,
                instance);
        }
    }
}
