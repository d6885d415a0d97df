using System.Data;
using System.Data.Common;

namespace CartStorage.Reliability.Tests.Chaos;

/// <summary>
/// The fault of one database call of a chaos client: the driver's own exception (<paramref name="failure"/>) before the
/// call is sent, or after it ran (a reader is read to its end and closed first, as if the connection broke while the
/// reply was on its way).
/// </summary>
internal static class DbFaults
{
    public static async Task<T> RunAsync<T>(string call, Func<Task<T>> run, Func<string, DbException> failure)
    {
        switch (ChaosFaults.Next(call))
        {
            case null:
                return await run().ConfigureAwait(false);
            case ChaosFaultKind.Before:
                throw failure($"before {call} was sent");
            default:
                var result = await run().ConfigureAwait(false);
                if (result is IAsyncDisposable disposable)
                {
                    await disposable.DisposeAsync().ConfigureAwait(false);
                }

                throw failure($"after {call} ran, awaiting its reply");
        }
    }

    /// <summary>
    /// A fault before the <c>COMMIT</c> SQLite runs synchronously. Only before: SQLite runs in the process, so a commit that
    /// took effect has no reply to lose (and <c>SqliteTransaction</c> would then roll back a committed transaction).
    /// </summary>
    public static T RunBefore<T>(string call, Func<T> run, Func<string, DbException> failure) =>
        ChaosFaults.Next(call, afterPossible: false) is null ? run() : throw failure($"before {call} was sent");

    public static async Task CommitAsync(string call, Func<Task> commit, Func<string, DbException> failure) =>
        await RunAsync(call, async () =>
        {
            await commit().ConfigureAwait(false);
            return true;
        }, failure).ConfigureAwait(false);

    public static Task<DbDataReader> ReaderAsync(DbCommand command, CommandBehavior behavior, CancellationToken ct, Func<string, DbException> failure) =>
        RunAsync("ExecuteReader", () => command.ExecuteReaderAsync(behavior, ct), failure);
}
