namespace CartStorage;

/// <summary>
/// What a backend outside this repository needs besides the <c>*CoreAsync</c> members: the stored format (one JSON
/// document per cart, docs/stored-format.md) with the size limit and corruption checks, and the stamp of a moved cart.
/// docs/architecture.md shows a backend built on them alone (tests/CartStorage.ExternalBackend.Tests).
/// </summary>
public abstract partial class CartStorageBase
{
    private CartSerializer? documents;

    private CartSerializer Documents => documents ??= new CartSerializer(validator.Limits, RecordPayloadSize);

    /// <summary>
    /// The cart as the library's stored document (UTF-8 JSON, docs/stored-format.md), checked against
    /// <c>Cart:Limits:MaxDataSizeBytes</c> (<see cref="CartLimitExceededException"/>, before anything is written) and
    /// recorded in the payload-size metric.
    /// </summary>
    /// <param name="cart">The stamped cart to store.</param>
    /// <returns>The bytes to store.</returns>
    protected byte[] SerializeCart(CartSnapshot cart)
    {
        ArgumentNullException.ThrowIfNull(cart);
        return Documents.Serialize(StoredCart.Of(cart));
    }

    /// <summary>
    /// A cart read back from bytes that <see cref="SerializeCart"/> wrote. Bytes that are not such a document (not JSON,
    /// another shape, a missing member, an unknown format, a value a write would refuse) throw
    /// <see cref="CartDataCorruptedException"/> naming the cart: never an empty cart, which the next write would store over it.
    /// </summary>
    /// <param name="key">The cart the bytes were read for, named by the exception.</param>
    /// <param name="bytes">The stored bytes.</param>
    /// <returns>The cart.</returns>
    protected CartSnapshot DeserializeCart(CartKey key, ReadOnlySpan<byte> bytes) => Documents.Deserialize(key, bytes).ToSnapshot();

    /// <summary>
    /// The target of a swap: <paramref name="source"/>'s contents, id and creation time, stamped as the next version
    /// of <paramref name="target"/> (<see cref="CartSnapshot.Empty"/> when there is none), so that a stale
    /// <see cref="ICartStorage.SaveAsync"/> against the old target conflicts.
    /// </summary>
    protected CartSnapshot StampSwap(CartSnapshot source, CartSnapshot target)
    {
        ArgumentNullException.ThrowIfNull(source);
        return Stamp(target, source) with { Id = source.Id, CreatedAt = source.CreatedAt };
    }

    /// <summary>
    /// The target of a merge: <see cref="Merge"/> of <paramref name="source"/> into <paramref name="target"/>
    /// (<see cref="CartSnapshot.Empty"/> when there is none), checked against the limits and stamped as its next version.
    /// </summary>
    protected CartSnapshot StampMerge(CartSnapshot source, CartSnapshot target, CartMergeStrategy strategy) =>
        Stamp(target, Merge(source, target, strategy));
}
