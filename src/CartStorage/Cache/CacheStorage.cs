using System.Diagnostics;
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
/// <see cref="ICartStorage.FlushAsync"/> starts a new generation: carts written before it become invisible at once
/// and linger in the cache until their TTL. The generation entry has no expiry; a Redis eviction policy of
/// <c>noeviction</c> or <c>volatile-*</c> never removes it.
/// </para>
/// </remarks>
public sealed partial class CacheStorage : CartStorageBase
{
    private const string InitialGeneration = "0";

    private readonly IDistributedCache cache;
    private readonly CacheKeys keys;
    private readonly CartSerializer serializer;
    private readonly ICartLockProvider? locks;
    private readonly TimeSpan ttl;
    private readonly TimeSpan lockTimeout;
    private readonly ILogger logger;

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
        this.cache = cache;
        keys = new CacheKeys(value.KeyPrefix);
        serializer = new CartSerializer(value.Limits, RecordPayloadSize);
        ttl = value.Cache.Ttl;
        lockTimeout = value.Cache.LockTimeout;
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
    protected override async Task<CartSnapshot?> GetCoreAsync(CartKey key, CancellationToken ct) =>
        (await ReadAsync(key, ct).ConfigureAwait(false)).Cart?.ToSnapshot();

    /// <inheritdoc />
    protected override async Task<CartSnapshot> UpdateCoreAsync(CartKey key, Func<CartSnapshot, CartSnapshot> mutate, CancellationToken ct)
    {
        var held = await LockAsync(keys.CartLock(key), ct).ConfigureAwait(false);
        await using var heldRelease = held.ConfigureAwait(false);
        var read = await ReadAsync(key, ct).ConfigureAwait(false);
        var current = read.Cart?.ToSnapshot() ?? CartSnapshot.Empty;
        var next = mutate(current);
        if (ReferenceEquals(next, current))
        {
            return current;
        }

        return await WriteAsync(key, read, Stamp(current, next), held, ct).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override async Task<CartSnapshot> SaveCoreAsync(CartKey key, CartSnapshot snapshot, CancellationToken ct)
    {
        var held = await LockAsync(keys.CartLock(key), ct).ConfigureAwait(false);
        await using var heldRelease = held.ConfigureAwait(false);
        var read = await ReadAsync(key, ct).ConfigureAwait(false);
        var current = read.Cart?.ToSnapshot() ?? CartSnapshot.Empty;
        if (current.Version != snapshot.Version)
        {
            throw new CartConflictException(key.Identifier, key.Instance, snapshot.Version, current.Version);
        }

        return await WriteAsync(key, read, Stamp(current, snapshot), held, ct).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override async Task ForgetCoreAsync(CartKey key, long? expectedVersion, CancellationToken ct)
    {
        var held = await LockAsync(keys.CartLock(key), ct).ConfigureAwait(false);
        await using var heldRelease = held.ConfigureAwait(false);
        if (expectedVersion is { } expected)
        {
            var actual = (await ReadAsync(key, ct).ConfigureAwait(false)).Cart?.Version ?? 0;
            if (actual != expected)
            {
                throw new CartConflictException(key.Identifier, key.Instance, expected, actual);
            }
        }

        EnsureHeld(held, key);
        await cache.RemoveAsync(keys.Cart(key), ct).ConfigureAwait(false);
        await ChangeIndexAsync(key.Identifier, key.Instance, add: false, ct).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override async Task FlushCoreAsync(CancellationToken ct)
    {
        var generation = Guid.NewGuid().ToString("N");
        await cache.SetAsync(keys.Generation, System.Text.Encoding.UTF8.GetBytes(generation), new DistributedCacheEntryOptions(), ct).ConfigureAwait(false);
        Log.Flushed(logger, generation);
    }

    /// <inheritdoc />
    protected override async Task<IReadOnlyList<string>> GetInstancesCoreAsync(string identifier, CancellationToken ct)
    {
        var generationTask = ReadGenerationAsync(ct);
        var index = await ReadIndexAsync(identifier, ct).ConfigureAwait(false);
        var generation = await generationTask.ConfigureAwait(false);
        if (index is null || index.Generation != generation)
        {
            return [];
        }

        // The index may name carts that expired or were removed by a writer that lost an index race: keep only live ones.
        var instances = index.Instances!;
        var exists = await Task.WhenAll(instances.Select(instance => ExistsAsync(new CartKey(identifier, instance), generation, ct))).ConfigureAwait(false);
        return [.. instances.Where((_, i) => exists[i]).Order(StringComparer.Ordinal)];
    }

    /// <inheritdoc />
    protected override async Task ForgetIdentifierCoreAsync(string identifier, CancellationToken ct)
    {
        await base.ForgetIdentifierCoreAsync(identifier, ct).ConfigureAwait(false);
        var held = await LockAsync(keys.IndexLock(identifier), ct).ConfigureAwait(false);
        await using var heldRelease = held.ConfigureAwait(false);
        if (await ReadIndexAsync(identifier, ct).ConfigureAwait(false) is { Instances.Count: 0 })
        {
            EnsureHeld(held, $"instance index of '{identifier}'");
            await cache.RemoveAsync(keys.Index(identifier), ct).ConfigureAwait(false);
        }
    }

    private async Task<CartSnapshot> WriteAsync(CartKey key, CartRead read, CartSnapshot snapshot, ICartLock held, CancellationToken ct, string? absorbed = null)
    {
        var now = TimeProvider.GetUtcNow();
        var indexedAt = read.Cart?.IndexedAt;

        // The index entry lives twice the TTL and is rewritten once a cart's record of it is older than half a TTL,
        // so it always outlives the carts it lists, at the cost of one extra write per cart per half TTL.
        var reindex = read.Cart is null || indexedAt is null || now - indexedAt.Value > ttl / 2;
        var stored = new StoredCart
        {
            Generation = read.Generation,
            Id = snapshot.Id,
            Version = snapshot.Version,
            CreatedAt = snapshot.CreatedAt!.Value,
            UpdatedAt = snapshot.UpdatedAt!.Value,
            IndexedAt = reindex ? now : indexedAt,
            Absorbed = absorbed ?? read.Cart?.Absorbed,
            Items = snapshot.Items,
            Conditions = snapshot.Conditions,
            Metadata = snapshot.Metadata,
        };
        var bytes = serializer.Serialize(stored);

        EnsureHeld(held, key);
        if (reindex)
        {
            await ChangeIndexAsync(key.Identifier, key.Instance, add: true, ct).ConfigureAwait(false);
            EnsureHeld(held, key);
        }

        await cache.SetAsync(keys.Cart(key), bytes, new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = ttl }, ct).ConfigureAwait(false);
        return snapshot;
    }

    private async Task ChangeIndexAsync(string identifier, string instance, bool add, CancellationToken ct)
    {
        var held = await LockAsync(keys.IndexLock(identifier), ct).ConfigureAwait(false);
        await using var heldRelease = held.ConfigureAwait(false);
        var generationTask = ReadGenerationAsync(ct);
        var index = await ReadIndexAsync(identifier, ct).ConfigureAwait(false);
        var generation = await generationTask.ConfigureAwait(false);
        var instances = index is not null && index.Generation == generation ? index.Instances! : [];
        var changed = add ? !instances.Contains(instance) : instances.Remove(instance);
        if (add && changed)
        {
            instances.Add(instance);
        }

        if (!changed && !add)
        {
            return;
        }

        EnsureHeld(held, $"instance index of '{identifier}'");
        var bytes = CartSerializer.SerializeIndex(new StoredInstanceIndex { Generation = generation, Instances = instances });
        await cache.SetAsync(keys.Index(identifier), bytes, new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = ttl * 2 }, ct).ConfigureAwait(false);
    }

    /// <summary>Whether the cart exists in <paramref name="generation"/>, already read by the caller (no second generation read).</summary>
    private async Task<bool> ExistsAsync(CartKey key, string generation, CancellationToken ct) =>
        Visible(key, await cache.GetAsync(keys.Cart(key), ct).ConfigureAwait(false), generation) is not null;

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

    private async Task<StoredInstanceIndex?> ReadIndexAsync(string identifier, CancellationToken ct)
    {
        var bytes = await cache.GetAsync(keys.Index(identifier), ct).ConfigureAwait(false);
        return bytes is null ? null : CartSerializer.DeserializeIndex(identifier, bytes);
    }

    private async Task<string> ReadGenerationAsync(CancellationToken ct)
    {
        var bytes = await cache.GetAsync(keys.Generation, ct).ConfigureAwait(false);
        return bytes is null ? InitialGeneration : System.Text.Encoding.UTF8.GetString(bytes);
    }

    private Task<ICartLock> LockAsync(string resource, CancellationToken ct)
    {
        if (locks is null)
        {
            return NoLock.Task;
        }

        var started = Stopwatch.GetTimestamp();
        var acquire = locks.AcquireAsync(resource, lockTimeout, ct);
        return Telemetry.LocksObserved ? Telemetry.ObserveLockWaitAsync(Capabilities.Backend, started, acquire) : acquire;
    }

    private void EnsureHeld(ICartLock held, CartKey key) => EnsureHeld(held, $"cart {key}");

    private void EnsureHeld(ICartLock held, string what)
    {
        if (held is { IsHeld: false })
        {
            throw new CartLockTimeoutException($"The lock of the {what} was lost before the write (lease expired or lock servers unreachable); nothing was written.", lockTimeout);
        }
    }

    /// <summary>The lock of a storage that does not lock.</summary>
    private sealed class NoLock : ICartLock
    {
        public static readonly Task<ICartLock> Task = System.Threading.Tasks.Task.FromResult<ICartLock>(new NoLock());

        public bool IsHeld => true;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private readonly record struct CartRead(StoredCart? Cart, string Generation);
}
