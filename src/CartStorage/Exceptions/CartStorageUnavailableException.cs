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

    /// <summary>
    /// The exception of a store failure, in the one message style of every backend: what failed, why (the driver's
    /// exception type or error code, never its message, which can hold a key and so an identifier), and what the caller
    /// may assume about the write (<paramref name="kind"/>). Backends translate their driver's failures with it, one
    /// translator per driver family.
    /// </summary>
    /// <param name="store">What failed, as the sentence's subject: <c>Redis</c>, <c>The cart database (PostgreSQL)</c>.</param>
    /// <param name="kind">How far the command got.</param>
    /// <param name="cause">Why, without secrets or identifiers: <c>RedisTimeoutException</c>, <c>a read-only replica (READONLY)</c>.</param>
    /// <param name="innerException">The driver's exception.</param>
    /// <param name="identifier">The cart's identifier, for <see cref="CartStorageException.Identifier"/> only (never in the message).</param>
    /// <param name="instance">The cart's instance.</param>
    /// <returns>The exception to throw.</returns>
    public static CartStorageUnavailableException Create(string store, CartStoreFailureKind kind, string cause, Exception? innerException, string? identifier = null, string? instance = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(store);
        ArgumentException.ThrowIfNullOrWhiteSpace(cause);
        var message = kind switch
        {
            CartStoreFailureKind.Refused => $"{store} refused the command ({cause}): that command did not run and wrote nothing; try again once the server takes writes.",
            CartStoreFailureKind.Interrupted => $"{store} could not be reached or did not answer in time after the command was sent ({cause}): the change may have been written; read the cart again before retrying.",
            _ => $"{store} could not be reached or did not answer before the command was sent ({cause}): nothing was written.",
        };
        return new CartStorageUnavailableException(message, identifier, instance, innerException);
    }
}
