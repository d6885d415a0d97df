namespace CartStorage;

/// <summary>
/// The store (Redis, the database, the session store) or the lock servers could not be reached, or did not answer in
/// time. <see cref="Exception.InnerException"/> is the driver's exception. Whether a write that was under way when
/// the connection failed took effect is unknown: read the cart again before retrying a <c>SaveAsync</c>.
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
