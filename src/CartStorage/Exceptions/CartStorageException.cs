namespace CartStorage;

/// <summary>The base type of every exception the cart storage throws on purpose.</summary>
/// <remarks>
/// Messages never contain the cart's identifier (a user or session id is personal data, and messages travel to logs and
/// to clients); an exception about one cart carries it in <see cref="Identifier"/> and <see cref="Instance"/>.
/// </remarks>
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

    /// <summary>Creates the exception about one cart, with a message (without the identifier) and the exception that caused it.</summary>
    public CartStorageException(string message, string? identifier, string? instance, Exception? innerException = null)
        : base(message, innerException)
    {
        Identifier = identifier;
        Instance = instance;
    }

    /// <summary>The identifier of the cart concerned, or <see langword="null"/> when the exception is not about one cart.</summary>
    public string? Identifier { get; }

    /// <summary>The instance of the cart concerned, or <see langword="null"/> when the exception is not about one cart.</summary>
    public string? Instance { get; }
}
