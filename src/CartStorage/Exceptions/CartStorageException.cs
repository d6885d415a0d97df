namespace CartStorage;

/// <summary>The base type of every exception the cart storage throws on purpose.</summary>
public class CartStorageException : Exception
{
    /// <summary>Creates the exception with a message.</summary>
    public CartStorageException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public CartStorageException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
