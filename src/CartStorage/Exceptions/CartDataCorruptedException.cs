namespace CartStorage;

/// <summary>
/// The stored data of a cart cannot be read (not JSON, wrong shape, unknown format version).
/// The cart is never treated as empty, because the next write would destroy it: inspect or
/// remove it with <see cref="ICartStorage.ForgetAsync(string, string, CancellationToken)"/>.
/// </summary>
public sealed class CartDataCorruptedException : CartStorageException
{
    /// <summary>Creates the exception.</summary>
    public CartDataCorruptedException(string identifier, string instance, string reason, Exception? innerException = null)
        : base($"The stored data of the cart (instance '{instance}') cannot be read: {reason}", identifier, instance, innerException)
    {
    }
}
