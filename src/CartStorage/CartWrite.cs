namespace CartStorage;

/// <summary>
/// One attempt of the read-modify-write that <see cref="CartStorageBase"/> runs for every update: the cart as the
/// backend read it, and the backend's conditional write of the cart that replaces it. A backend returns one from
/// <c>BeginWriteAsync</c>; the base disposes it after the attempt, written or not, so a backend releases its lock,
/// transaction or connection in <see cref="DisposeAsync"/>.
/// </summary>
public abstract class CartWrite : IAsyncDisposable
{
    /// <summary>Starts an attempt on the cart read.</summary>
    /// <param name="current">The stored cart, or <see langword="null"/> when there is none.</param>
    protected CartWrite(CartSnapshot? current) => Current = current ?? CartSnapshot.Empty;

    /// <summary>The cart read, already checked; <see cref="CartSnapshot.Empty"/> when there is none.</summary>
    public CartSnapshot Current { get; }

    /// <summary>
    /// Writes <paramref name="next"/> (validated and stamped as the successor of <see cref="Current"/>) only if the
    /// stored cart is still <see cref="Current"/>: the same <see cref="CartSnapshot.Id"/> and
    /// <see cref="CartSnapshot.Version"/>, or still no cart. The comparison must be made by the store at the moment it
    /// writes, or under a lock held since the read.
    /// </summary>
    /// <param name="next">The cart to store.</param>
    /// <param name="ct">Cancels the write.</param>
    /// <returns>
    /// <see langword="true"/> when written; <see langword="false"/> when the stored cart changed since the read and
    /// nothing was written (the base then backs off and starts a new attempt).
    /// </returns>
    public abstract Task<bool> TryWriteAsync(CartSnapshot next, CancellationToken ct);

    /// <summary>Releases what the attempt holds (a lock, a transaction, a connection); by default nothing.</summary>
    /// <returns>A task that completes when it is released.</returns>
    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
