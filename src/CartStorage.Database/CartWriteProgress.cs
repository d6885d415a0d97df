using System.Data.Common;

namespace CartStorage.Database;

/// <summary>
/// What one <see cref="DatabaseStorage"/> operation has sent to the database, so that a connection failure can be reported
/// truthfully (<see cref="MayHaveWritten"/>). Every statement that changes rows and every <c>COMMIT</c> runs through it.
/// One operation at a time: not thread-safe.
/// </summary>
internal sealed class CartWriteProgress
{
    /// <summary>A change was sent and no answer has come back yet.</summary>
    private bool awaitingAnswer;

    /// <summary>A change was acknowledged as applied.</summary>
    private bool applied;

    /// <summary>
    /// Whether the database may hold a change of this operation: a change-making statement outside a transaction or a
    /// <c>COMMIT</c> was sent and either changed rows or never answered. <see langword="false"/> when the operation
    /// failed before sending one (opening the connection, reading, a statement inside a transaction that was never
    /// committed: the database rolls it back) or when every change it sent affected no row.
    /// </summary>
    public bool MayHaveWritten => awaitingAnswer || applied;

    /// <summary>Runs <paramref name="command"/>, an <c>INSERT</c>, <c>UPDATE</c> or <c>DELETE</c>; the number of rows it affected.</summary>
    public async Task<int> ExecuteAsync(DbCommand command, CancellationToken ct)
    {
        if (command.Transaction is not null)
        {
            // Takes effect only with the COMMIT (CommitAsync); a failure before it rolls the change back.
            return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }

        awaitingAnswer = true;
        var affected = await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        awaitingAnswer = false;
        applied |= affected > 0;
        return affected;
    }

    /// <summary>
    /// Runs <paramref name="command"/>, a statement outside a transaction that changes at most one row and returns it
    /// (<c>RETURNING</c>), and hands the reader to <paramref name="read"/>: a returned row means the change was applied.
    /// </summary>
    public async Task<T> ExecuteReturningAsync<T>(DbCommand command, Func<DbDataReader, Task<(T Value, bool Applied)>> read, CancellationToken ct)
    {
        awaitingAnswer = true;
        var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await using var readerRelease = reader.ConfigureAwait(false);
        var (value, written) = await read(reader).ConfigureAwait(false);
        awaitingAnswer = false;
        applied |= written;
        return value;
    }

    /// <summary>Commits <paramref name="transaction"/>.</summary>
    public async Task CommitAsync(DbTransaction transaction, CancellationToken ct)
    {
        awaitingAnswer = true;
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        awaitingAnswer = false;
        applied = true;
    }
}
