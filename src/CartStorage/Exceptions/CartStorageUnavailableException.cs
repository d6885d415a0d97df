namespace CartStorage;

/// <summary>
/// The store (Redis, the database, the session store) or the lock servers cannot take a write now: they could not be
/// reached, did not answer in time, or answered that they cannot (a Redis replica or a demoted primary's
/// <c>READONLY</c>, <c>LOADING</c>, <c>MASTERDOWN</c>, <c>CLUSTERDOWN</c>, <c>TRYAGAIN</c> after the retries).
/// <see cref="Exception.InnerException"/> is the driver's exception. The message says whether the write may have taken
/// effect (the command was sent, then the connection failed or timed out: read the cart again before retrying a
/// <c>SaveAsync</c>) or certainly did not (refused, or never sent).
/// </summary>
public sealed class CartStorageUnavailableException : CartStorageException
{
    /// <summary>Creates the exception.</summary>
    public CartStorageUnavailableException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception about one cart.</summary>
    public CartStorageUnavailableException(string message, string? identifier, string? instance, Exception? innerException = null)
        : base(message, identifier, instance, innerException)
    {
    }
}
