using System.Diagnostics.Metrics;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CartStorage;

/// <summary>
/// Stores each cart as one entry of an <see cref="IDistributedCache"/> (items, conditions and metadata together,
/// so a cart is written, read and expires as a whole).
/// </summary>
/// <remarks>
/// <para>
/// Without a lock provider, writes are plain read-modify-writes: two servers that update one cart at the same
/// moment can lose an update (last writer wins), and <see cref="Capabilities"/> says so. With
/// <c>Cart:Cache:UseLocking</c> and an <see cref="ICartLockProvider"/>, every write runs under the cart's lock,
/// from the read to the write.
/// </para>
/// <para>
/// The instances of an identifier are listed in one index entry that every first write of an instance rewrites
/// (read, add, write). <see cref="IDistributedCache"/> has no compare-and-swap, so without a lock provider two
/// writers that create different instances of one identifier at the same moment can each write an index without
/// the other's instance. Then <see cref="ICartStorage.GetInstancesAsync"/> does not list the dropped instance and
/// <see cref="ICartStorage.ForgetIdentifierAsync"/> does not remove it: that cart stays readable until its TTL, or
/// until a write more than half a TTL after it was indexed lists it again. Every listed instance exists (each is
/// checked), an instance is listed once, and with locking (the index has its own lock) nothing is dropped. An index
/// entry that cannot be read is discarded with a warning (event 5) and replaced by the next index change.
/// </para>
/// <para>
/// <see cref="ICartStorage.FlushAsync"/> starts a new generation: carts written before it become invisible at once
/// and linger in the cache until their TTL. The generation entry has no expiry; a Redis eviction policy of
/// <c>noeviction</c> or <c>volatile-*</c> never removes it.
/// </para>
/// </remarks>
public sealed partial class CacheStorage : CartStorageBase
{
    private const string InitialGeneration = "0";

    private readonly CartCacheGateway cache;
    private readonly CacheKeys keys;
    private readonly CartSerializer serializer;
    private readonly ICartLockProvider? locks;
    private readonly TimeSpan ttl;
    private readonly DistributedCacheEntryOptions cartEntry;
    private readonly TimeSpan lockTimeout;
    private readonly string probeLock;
    private readonly ILogger logger;
    private int uncheckedSaveLogged;
    private GenerationText? lastGeneration;

    /// <summary>Creates the storage.</summary>
    /// <param name="cache">The cache that holds the carts.</param>
    /// <param name="options">The <c>Cart</c> options.</param>
    /// <param name="lockProvider">Locks for <c>Cart:Cache:UseLocking</c>; <see langword="null"/> for plain writes.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="timeProvider">The clock; the system clock when <see langword="null"/>.</param>
    /// <param name="meterFactory">Creates the <c>CartStorage</c> meter; a process-wide meter when <see langword="null"/>.</param>
    public CacheStorage(
        IDistributedCache cache,
        IOptions<CartStorageOptions> options,
        ICartLockProvider? lockProvider = null,
        ILogger<CacheStorage>? logger = null,
        TimeProvider? timeProvider = null,
        IMeterFactory? meterFactory = null)
        : base((options ?? throw new ArgumentNullException(nameof(options))).Value.Limits, timeProvider, meterFactory)
    {
        ArgumentNullException.ThrowIfNull(cache);
        var value = options.Value;
        this.cache = new CartCacheGateway(cache);
        keys = new CacheKeys(value.KeyPrefix);
        serializer = new CartSerializer(value.Limits, RecordPayloadSize, generations: true);
        ttl = value.Cache.Ttl;
        cartEntry = new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = ttl };
        lockTimeout = value.Cache.LockTimeout;
        probeLock = keys.ProbeLock(Guid.NewGuid());
        this.logger = logger ?? (ILogger)NullLogger.Instance;
        locks = value.Cache.UseLocking ? lockProvider : null;
        if (value.Cache.UseLocking && lockProvider is null)
        {
            Log.LockingUnavailable(this.logger);
        }

        // An in-process cache is not shared: every server has its own carts, and a lock cannot make that safe.
        var shared = cache is not MemoryDistributedCache;
        if (value.Cache.UseLocking && !shared)
        {
            Log.CacheNotShared(this.logger, cache.GetType().Name);
        }

        Capabilities = new CartStorageCapabilities("cache", SafeAcrossServers: shared && locks is not null, StoreEnforcedVersionCheck: false, Locking: locks is not null);
        Store = cache.GetType().Name;
    }

    /// <inheritdoc />
    public override CartStorageCapabilities Capabilities { get; }

    /// <inheritdoc />
    /// <remarks>A cart in the middle of a move reads as moved once the target holds it, else as it is (docs/merge.md).</remarks>
    protected override async Task<CartSnapshot?> GetCoreAsync(CartKey key, CancellationToken ct) =>
        (await ReadSettledAsync(key, ct).ConfigureAwait(false))?.ToSnapshot();

    /// <inheritdoc />
    /// <remarks>
    /// Without a lock provider the version is compared in this process only, between its read and its write: two
    /// servers saving the same version at once can both succeed, the last write wins. The first such save of the
    /// storage logs a warning (event 4); <see cref="Capabilities"/> says so too (<c>SafeAcrossServers</c> false).
    /// </remarks>
    protected override Task<CartSnapshot> SaveCoreAsync(CartKey key, CartSnapshot snapshot, CancellationToken ct)
    {
        if (locks is null && Interlocked.Exchange(ref uncheckedSaveLogged, 1) == 0)
        {
            Log.SaveNotCheckedAcrossServers(logger);
        }

        return base.SaveCoreAsync(key, snapshot, ct);
    }

    /// <inheritdoc />
    /// <remarks>The comparison with <paramref name="expected"/> runs under the cart's lock (without locking, in this process only).</remarks>
    protected override Task ForgetCoreAsync(CartKey key, CartSnapshot? expected, CancellationToken ct) =>
        SettlingAsync((key, expected), static (self, s, ct) => self.TryForgetAsync(s.key, s.expected, ct), ct);

    private async Task<Attempt<bool>> TryForgetAsync(CartKey key, CartSnapshot? expected, CancellationToken ct)
    {
        var held = await LockAsync(keys.CartLock(key), ct).ConfigureAwait(false);
        await using var heldRelease = held.ConfigureAwait(false);
        CartRead read;
        try
        {
            read = await ReadAsync(key, ct).ConfigureAwait(false);
        }
        catch (CartDataCorruptedException) when (expected is null)
        {
            // An unconditional remove is the way out of a cart that cannot be read: remove it as it is.
            read = default;
        }

        if (await PendingAsync(key, read.Cart, removing: true, ct).ConfigureAwait(false) is { } pending)
        {
            return new(false, pending);
        }

        if (expected is not null)
        {
            var actual = read.Cart?.ToSnapshot() ?? CartSnapshot.Empty;
            if (!IsSameCart(expected, actual))
            {
                throw Conflict(key, expected, actual);
            }

            if (expected.Version == 0)
            {
                return new(false, null);
            }
        }

        EnsureHeld(held, key);
        await cache.RemoveAsync(keys.Cart(key), ct).ConfigureAwait(false);
        await ChangeIndexAsync(key.Identifier, key.Instance, add: false, ct).ConfigureAwait(false);
        return new(true, null);
    }

    /// <inheritdoc />
    /// <remarks>
    /// With locking on, a write needs the lock servers too: the probe also takes and releases a lock on a resource of
    /// its own (one per storage object, so probes never wait for each other), within <c>Cart:Cache:LockTimeout</c>.
    /// </remarks>
    protected override async Task ProbeCoreAsync(CancellationToken ct)
    {
        await base.ProbeCoreAsync(ct).ConfigureAwait(false);
        if (locks is not null)
        {
            var held = await locks.AcquireAsync(probeLock, lockTimeout, ct).ConfigureAwait(false);
            await held.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    protected override async Task FlushCoreAsync(CancellationToken ct)
    {
        var generation = Guid.NewGuid().ToString("N");
        await cache.SetAsync(keys.Generation, System.Text.Encoding.UTF8.GetBytes(generation), new DistributedCacheEntryOptions(), ct).ConfigureAwait(false);
        Log.Flushed(logger, generation);
    }

    /// <summary>Whether the cart exists in <paramref name="generation"/>, already read by the caller (no second generation read).</summary>
    private async Task<bool> ExistsAsync(CartKey key, string generation, CancellationToken ct) =>
        Visible(key, await cache.GetAsync(keys.Cart(key), ct).ConfigureAwait(false), generation) is { } cart
        && (cart.MovingTo is null || await ReadSettledAsync(key, ct).ConfigureAwait(false) is not null);

    private async Task<CartRead> ReadAsync(CartKey key, CancellationToken ct)
    {
        // Both reads are in flight together: one round trip on a pipelining client such as StackExchange.Redis.
        var generationTask = ReadGenerationAsync(ct);
        var bytes = await cache.GetAsync(keys.Cart(key), ct).ConfigureAwait(false);
        var generation = await generationTask.ConfigureAwait(false);
        return new CartRead(Visible(key, bytes, generation), generation);
    }

    /// <summary>The stored cart, or <see langword="null"/> when there is none or it belongs to a flushed generation.</summary>
    private StoredCart? Visible(CartKey key, byte[]? bytes, string generation) =>
        bytes is null ? null : serializer.Deserialize(key, bytes) is var cart && cart.Generation == generation ? cart : null;

    private async Task<string> ReadGenerationAsync(CancellationToken ct)
    {
        var bytes = await cache.GetAsync(keys.Generation, ct).ConfigureAwait(false);
        if (bytes is null)
        {
            return InitialGeneration;
        }

        // The generation changes only on flush: keep the text of the last one read instead of decoding it each time.
        var last = lastGeneration;
        if (last is not null && bytes.AsSpan().SequenceEqual(last.Bytes))
        {
            return last.Text;
        }

        last = new GenerationText(bytes, System.Text.Encoding.UTF8.GetString(bytes));
        lastGeneration = last;
        return last.Text;
    }

    private readonly record struct CartRead(StoredCart? Cart, string Generation);

    private sealed record GenerationText(byte[] Bytes, string Text);
}
