namespace CartStorage;

/// <summary>
/// The cart's stored version is not the one the caller expected: someone else wrote it in between.
/// Nothing was written. Re-read the cart and try again (or answer HTTP 409 / 412).
/// </summary>
public sealed class CartConflictException : CartStorageException
{
    /// <summary>Creates the exception.</summary>
    public CartConflictException(string identifier, string instance, long expectedVersion, long actualVersion)
        : base($"The cart (instance '{instance}') was changed by someone else: expected version {expectedVersion}, found {actualVersion}. Nothing was written.", identifier, instance)
    {
        ExpectedVersion = expectedVersion;
        ActualVersion = actualVersion;
    }

    /// <summary>The version the caller expected to replace (0: the cart was expected not to exist).</summary>
    public long ExpectedVersion { get; }

    /// <summary>The version found in the store (0: the cart does not exist).</summary>
    public long ActualVersion { get; }
}
