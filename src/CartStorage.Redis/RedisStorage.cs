using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CartStorage.Redis;

/// <summary>
/// Stores each cart in Redis or a Redis Cluster, through StackExchange.Redis, guarded by a version check that Redis
/// itself runs at write time: every write is one Lua script that writes only if the stored version is still the one
/// the writer read. No lock, no lease: a writer paused between its read and its write cannot overwrite a newer cart.
/// </summary>
/// <remarks>
/// <para>
/// An uncontended <see cref="ICartStorage.GetAsync"/> is one round trip (<c>HMGET</c> of the cart and <c>EXISTS</c> of its
/// pending move, one batch; a pending move is finished first), an
/// <see cref="ICartStorage.UpdateAsync"/> two (the read, the conditional write). <see cref="ICartStorage.SaveAsync"/>
/// throws <see cref="CartConflictException"/> at once on a conflict; <see cref="ICartStorage.UpdateAsync"/> and the
/// granular puts re-read and retry (<c>Cart:Redis:Retry</c>). A cart expires <c>Cart:Redis:Ttl</c> after its last write.
/// </para>
/// <para>
/// Swaps and merges move a cart between two identifiers, usually two hash slots of a cluster, in three steps that
/// each are one script (see docs/redis.md): claim the source, write the target, remove the claim.
/// </para>
/// <para>The storage does not own the <see cref="IConnectionMultiplexer"/>: whoever created it disposes it.</para>
/// </remarks>
public sealed partial class RedisStorage : CartStorageBase
{
    private readonly RedisCartStore store;
    private readonly CartRetryPolicy retry;
    private readonly CartRedisDurabilityOptions durability;
    private readonly ILogger logger;

    /// <summary>Creates the storage.</summary>
    /// <param name="redis">The connection to Redis (one server or a cluster).</param>
    /// <param name="options">The <c>Cart</c> options: <c>KeyPrefix</c> and <c>Limits</c> apply.</param>
    /// <param name="redisOptions">The <c>Cart:Redis</c> options: <c>Ttl</c> and <c>Retry</c> apply.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="timeProvider">The clock; the system clock when <see langword="null"/>.</param>
    /// <param name="meterFactory">Creates the <c>CartStorage</c> meter; a process-wide meter when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">An option is invalid (the message names its key).</exception>
    public RedisStorage(
        IConnectionMultiplexer redis,
        IOptions<CartStorageOptions> options,
        IOptions<CartRedisOptions> redisOptions,
        ILogger<RedisStorage>? logger = null,
        TimeProvider? timeProvider = null,
        IMeterFactory? meterFactory = null)
        : base((options ?? throw new ArgumentNullException(nameof(options))).Value.Limits, timeProvider, meterFactory)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(redisOptions);
        var value = options.Value;
        var redisValue = redisOptions.Value;
        if (new CartRedisOptionsValidator().Validate(null, redisValue) is { Failed: true } invalid)
        {
            throw new ArgumentException(invalid.FailureMessage, nameof(redisOptions));
        }

        if (string.IsNullOrWhiteSpace(value.KeyPrefix) || value.KeyPrefix.AsSpan().IndexOfAny("{}:") >= 0)
        {
            throw new ArgumentException($"Cart:KeyPrefix '{value.KeyPrefix}' must be non-empty and must not contain '{{', '}}' or ':'.", nameof(options));
        }

        retry = new CartRetryPolicy("Cart:Redis:Retry", redisValue.Retry.MaxAttempts, redisValue.Retry.BaseDelay, redisValue.Retry.MaxDelay);
        store = new RedisCartStore(redis, new RedisCartKeys(value.KeyPrefix), redisValue.Ttl, retry);
        durability = redisValue.Durability;
        checkedLimits = CheckedLimits(value.Limits);
        this.logger = logger ?? (ILogger)NullLogger.Instance;
        Store = $"Redis {string.Join(",", redis.GetEndPoints().Select(e => e.ToString()))}";
        Capabilities = new CartStorageCapabilities("redis", SafeAcrossServers: true, StoreEnforcedVersionCheck: true, Locking: false);
    }

    /// <inheritdoc />
    public override CartStorageCapabilities Capabilities { get; }

    /// <inheritdoc />
    protected override async Task<CartSnapshot?> GetCoreAsync(CartKey key, CancellationToken ct) =>
        (await ReadSettledAsync(key, ct).ConfigureAwait(false))?.ToSnapshot();

    /// <inheritdoc />
    protected override CartRetryPolicy RetryPolicy => retry;

    /// <inheritdoc />
    protected override ILogger Logger => logger;

    /// <inheritdoc />
    /// <remarks>A plain read: a pending move of the cart is left as it is.</remarks>
    protected override async Task<CartSnapshot?> ReadForConflictAsync(CartKey key, CancellationToken ct) =>
        (await ReadAsync(key, ct).ConfigureAwait(false))?.ToSnapshot();

    /// <inheritdoc />
    /// <remarks>One round trip (a pending move of the cart is finished first); the write is a script that writes only at the version and id read.</remarks>
    protected override async Task<CartWrite> BeginWriteAsync(CartKey key, CancellationToken ct) =>
        new VersionedWrite(this, key, await ReadSettledAsync(key, ct).ConfigureAwait(false));

    /// <inheritdoc />
    protected override async Task ForgetCoreAsync(CartKey key, CartSnapshot? expected, CancellationToken ct)
    {
        var result = await store.DeleteAsync(key, expected, ct).ConfigureAwait(false);
        if (result.Outcome == RedisCartOutcome.Conflict && expected is not null)
        {
            // A cart that did not match at the delete never matches later (its id is unique, its version only grows);
            // only "no cart expected" can hold by now.
            var actual = await GetCoreAsync(key, ct).ConfigureAwait(false) ?? CartSnapshot.Empty;
            if (expected.Version > 0 || !IsSameCart(expected, actual))
            {
                throw Conflict(key, expected, actual);
            }
        }
    }

    /// <inheritdoc />
    /// <remarks>Scans every primary for this storage's keys (<c>SCAN MATCH {prefix}:{*}:r*</c>) and deletes them; other keys are left alone.</remarks>
    protected override Task FlushCoreAsync(CancellationToken ct) => store.FlushAsync(ct);

    /// <inheritdoc />
    /// <remarks>
    /// A swap or merge from this identifier that stopped after its claim (its cart is in the pending index, not the
    /// instance index) is finished first, as a read of that cart would finish it; then the instances are listed again,
    /// so a half-moved cart is listed only if it still belongs to this identifier (a merge that no longer fits the
    /// target gave it back).
    /// </remarks>
    protected override async Task<IReadOnlyList<string>> GetInstancesCoreAsync(string identifier, CancellationToken ct)
    {
        var listed = await store.InstancesAsync(identifier, pendingFirst: true, ct).ConfigureAwait(false);
        if (listed.Pending.Count > 0)
        {
            await SettleAllAsync(identifier, listed.Pending, ct).ConfigureAwait(false);
            listed = await store.InstancesAsync(identifier, pendingFirst: false, ct).ConfigureAwait(false);
        }

        return [.. listed.Live.Order(StringComparer.Ordinal)];
    }

    /// <inheritdoc />
    /// <remarks>
    /// A swap or merge from this identifier that stopped after its claim is finished first, then every cart and every
    /// pending move left (one that could not finish) is removed. Finishing rather than deleting: the claim is the point
    /// at which a move is decided, and every other read or write of the source treats it so; a merge or swap still
    /// running in another process then reports what happened (deleting its pending key under it would let a swap
    /// report a move whose cart vanished).
    /// </remarks>
    protected override async Task ForgetIdentifierCoreAsync(string identifier, CancellationToken ct)
    {
        var pending = await store.ForgetIdentifierAsync(identifier, pendingFirst: true, ct).ConfigureAwait(false);
        if (pending.Count > 0)
        {
            await SettleAllAsync(identifier, pending, ct).ConfigureAwait(false);
            await store.ForgetIdentifierAsync(identifier, pendingFirst: false, ct).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Probes what a write needs: a script that only a primary runs (a replica, or a primary demoted by a failover,
    /// refuses it as it refuses a write), writing nothing. On Redis before 7.0, a <c>PING</c>.
    /// </remarks>
    protected override Task ProbeCoreAsync(CancellationToken ct) => store.PingAsync(ct);

    /// <summary>
    /// The stored cart, checked, or <see langword="null"/> when it does not exist, after finishing a pending move of it
    /// (a swap or merge from it stopped between its steps), so no read or write of a source sees its cart vanished
    /// into a pending key. Without a pending move: one round trip.
    /// </summary>
    private async Task<RedisCart?> ReadSettledAsync(CartKey key, CancellationToken ct)
    {
        var (entry, pending) = await store.ReadWithPendingAsync(key, ct).ConfigureAwait(false);
        if (!pending)
        {
            return entry is null ? null : Decode(key, entry);
        }

        await SettleAsync(key, ct).ConfigureAwait(false);
        return await ReadAsync(key, ct).ConfigureAwait(false);
    }

    /// <summary>The stored cart, checked, or <see langword="null"/> when it does not exist (a pending move of it left as it is).</summary>
    private async Task<RedisCart?> ReadAsync(CartKey key, CancellationToken ct) =>
        await store.ReadAsync(key, ct).ConfigureAwait(false) is { } entry ? Decode(key, entry) : null;

    private RedisCart Decode(CartKey key, RedisCartEntry entry)
    {
        var cart = DeserializeCart(key, entry.Document, out var absorbed);
        return cart.Version == entry.Version
            ? new RedisCart(cart, absorbed)
            : throw new CartDataCorruptedException(key.Identifier, key.Instance, $"the version field ({entry.Version}) and the document's version ({cart.Version}) differ.");
    }

    private byte[] Serialize(CartSnapshot snapshot, string? absorbed) => SerializeCart(snapshot, absorbed);

    /// <summary>A write attempt: the script writes only if the stored cart still has the version and id read.</summary>
    private sealed class VersionedWrite(RedisStorage storage, CartKey key, RedisCart? stored) : CartWrite(stored?.ToSnapshot())
    {
        public override async Task<bool> TryWriteAsync(CartSnapshot next, CancellationToken ct)
        {
            var bytes = storage.Serialize(next, stored?.Absorbed);
            var result = await storage.store.WriteAsync(key, Current, next.Id, bytes, absorbedMarker: null, storage.checkedLimits, ct).ConfigureAwait(false);
            return result.Outcome == RedisCartOutcome.Done;
        }
    }

    /// <summary>A cart read from Redis, with its record of the moves it absorbed (the document's <c>absorbed</c> member, docs/redis.md).</summary>
    private sealed record RedisCart(CartSnapshot Cart, string? Absorbed)
    {
        public Guid Id => Cart.Id;

        public long Version => Cart.Version;

        public CartSnapshot ToSnapshot() => Cart;
    }
}
