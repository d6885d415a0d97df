namespace CartStorage;

/// <summary>
/// The cart's lock could not be acquired within <c>Cart:Cache:LockTimeout</c>, or it was lost
/// before the write. Nothing was written.
/// </summary>
public sealed class CartLockTimeoutException : CartStorageException
{
    /// <summary>Creates the exception.</summary>
    public CartLockTimeoutException(string message, TimeSpan timeout, Exception? innerException = null)
        : base(message, innerException)
    {
        Timeout = timeout;
    }

    /// <summary>Creates the exception about one cart (the message does not contain the identifier).</summary>
    public CartLockTimeoutException(string message, TimeSpan timeout, string? identifier, string? instance, Exception? innerException = null)
        : base(message, identifier, instance, innerException)
    {
        Timeout = timeout;
    }

    /// <summary>How long the caller waited for the lock.</summary>
    public TimeSpan Timeout { get; }
}
