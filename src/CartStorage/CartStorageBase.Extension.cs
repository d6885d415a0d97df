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
    /// <param name="absorbed">
    /// The backend's record of the moves this cart absorbed (the document's <c>absorbed</c> member, kept verbatim so a
    /// repeated merge is recognised), or <see langword="null"/>.
    /// </param>
    /// <returns>The bytes to store.</returns>
    protected byte[] SerializeCart(CartSnapshot cart, string? absorbed = null)
    {
        ArgumentNullException.ThrowIfNull(cart);
        return Documents.Serialize(StoredCart.Of(cart, absorbed));
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

    /// <inheritdoc cref="DeserializeCart(CartKey, ReadOnlySpan{byte})"/>
    /// <param name="key">The cart the bytes were read for, named by the exception.</param>
    /// <param name="bytes">The stored bytes.</param>
    /// <param name="absorbed">The document's record of absorbed moves (see <see cref="SerializeCart"/>), or <see langword="null"/>.</param>
    protected CartSnapshot DeserializeCart(CartKey key, ReadOnlySpan<byte> bytes, out string? absorbed)
    {
        var stored = Documents.Deserialize(key, bytes);
        absorbed = stored.Absorbed;
        return stored.ToSnapshot();
    }

    /// <summary>
    /// Checks the size of a cart a backend stores in a form of its own (such as columns of JSON,
    /// <see cref="CartJson"/>) against <c>Cart:Limits:MaxDataSizeBytes</c>, before anything is written
    /// (<see cref="CartLimitExceededException"/>), and records it in the payload-size metric.
    /// </summary>
    /// <param name="bytes">The size of what is about to be written.</param>
    protected void CheckPayloadSize(long bytes) => Documents.EnsureSize(bytes);

    /// <summary>
    /// Checks a cart's contents against <c>Cart:Limits</c> and the text rules every write enforces: the exceptions of
    /// an update (<see cref="CartLimitExceededException"/>, <see cref="ArgumentException"/>), for a backend that checks
    /// part of a change before sending it to its store.
    /// </summary>
    /// <param name="cart">The contents to check.</param>
    protected void CheckContents(CartSnapshot cart)
    {
        ArgumentNullException.ThrowIfNull(cart);
        validator.Contents(cart);
    }

    /// <summary>
    /// Takes a cart lock from <paramref name="locks"/>, recording the lock-wait metric and lock timeouts
    /// (docs/observability.md) as <see cref="CacheStorage"/> does.
    /// </summary>
    /// <param name="locks">The lock provider.</param>
    /// <param name="resource">The lock's resource name.</param>
    /// <param name="timeout">How long to wait for it.</param>
    /// <param name="ct">Cancels the wait.</param>
    /// <returns>The held lock.</returns>
    protected Task<ICartLock> AcquireLockAsync(ICartLockProvider locks, string resource, TimeSpan timeout, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(locks);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var acquire = locks.AcquireAsync(resource, timeout, ct);
        return Telemetry.LocksObserved ? Telemetry.ObserveLockWaitAsync(Capabilities.Backend, started, acquire) : acquire;
    }

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
