namespace CartStorage;

/// <summary>
/// The stored cart is not the one the caller expected: someone else wrote it in between, or it was removed (and
/// perhaps created again, as a different cart with its versions restarted at 1). Nothing was written. Re-read the cart
/// and try again (or answer HTTP 409 / 412).
/// </summary>
public sealed class CartConflictException : CartStorageException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="identifier">The cart's identifier (kept in <see cref="CartStorageException.Identifier"/>, never in the message).</param>
    /// <param name="instance">The cart's instance.</param>
    /// <param name="expectedVersion">The version the caller expected (0: no cart).</param>
    /// <param name="actualVersion">The version found (0: no cart).</param>
    /// <param name="expectedETag">The ETag the caller expected (<see cref="CartSnapshot.ETag"/>).</param>
    /// <param name="actualETag">The ETag of the cart found (<c>CartSnapshot.Empty.ETag</c>: no cart).</param>
    public CartConflictException(string identifier, string instance, long expectedVersion, long actualVersion, string expectedETag, string actualETag)
        : base(Describe(instance, expectedVersion, actualVersion, expectedETag, actualETag), identifier, instance)
    {
        ExpectedVersion = expectedVersion;
        ActualVersion = actualVersion;
        ExpectedETag = expectedETag;
        ActualETag = actualETag;
    }

    /// <summary>The version the caller expected to replace (0: the cart was expected not to exist).</summary>
    public long ExpectedVersion { get; }

    /// <summary>The version found in the store (0: the cart does not exist).</summary>
    public long ActualVersion { get; }

    /// <summary>
    /// The ETag the caller expected (<see cref="CartSnapshot.ETag"/>): it names one cart at one version, so it differs from
    /// <see cref="ActualETag"/> even when the versions are equal (a cart removed and created again).
    /// </summary>
    public string ExpectedETag { get; }

    /// <summary>The ETag of the cart found in the store; <c>CartSnapshot.Empty.ETag</c> when there is none.</summary>
    public string ActualETag { get; }

    /// <summary>The conflict between the cart a caller expected and the one stored.</summary>
    internal static CartConflictException Between(CartKey key, CartSnapshot expected, CartSnapshot actual) =>
        new(key.Identifier, key.Instance, expected.Version, actual.Version, expected.ETag, actual.ETag);

    private static string Describe(string instance, long expectedVersion, long actualVersion, string expectedETag, string actualETag) =>
        expectedVersion == actualVersion && expectedVersion != 0
            ? $"The cart (instance '{instance}') is not the one expected: it was removed and created again since (expected ETag {expectedETag}, found {actualETag}). Nothing was written."
            : $"The cart (instance '{instance}') was changed by someone else: expected version {expectedVersion}, found {actualVersion} (expected ETag {expectedETag}, found {actualETag}). Nothing was written.";
}
