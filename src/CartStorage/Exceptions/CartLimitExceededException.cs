namespace CartStorage;

/// <summary>
/// A value is beyond one of the <c>Cart:Limits</c> (too many items, too large, too long, too many units).
/// Thrown before anything is written.
/// </summary>
public sealed class CartLimitExceededException : CartStorageException
{
    /// <summary>Creates the exception.</summary>
    public CartLimitExceededException(string limitName, long limit, long actual, string message)
        : base(message)
    {
        LimitName = limitName;
        Limit = limit;
        Actual = actual;
    }

    /// <summary>The configuration key of the limit, for example <c>Cart:Limits:MaxItems</c>.</summary>
    public string LimitName { get; }

    /// <summary>The configured limit.</summary>
    public long Limit { get; }

    /// <summary>The value that exceeded it.</summary>
    public long Actual { get; }
}
