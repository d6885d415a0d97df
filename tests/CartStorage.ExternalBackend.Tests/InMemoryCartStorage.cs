using Microsoft.Extensions.Options;

namespace CartStorage.ExternalBackend.Tests;

/// <summary>
/// A backend as an application or a third party writes one: derived from <see cref="CartStorageBase"/>, it implements
/// only the store calls and takes every rule from the base's public and protected surface (validation, idempotency
/// keys, the write pipeline with its retries, <c>StampSwap</c>, <c>StampMerge</c>, <c>IsSameCart</c>, <c>Conflict</c>,
/// <c>SerializeCart</c>, <c>DeserializeCart</c>). Updates read without a lock and write with the store's conditional
/// write, so a lost race is the base's to retry; removes and moves run under the store's lock.
/// </summary>
public sealed class InMemoryCartStorage(InMemoryCartStore store, IOptions<CartStorageOptions> options, CartRetryPolicy? retry = null)
    : CartStorageBase((options ?? throw new ArgumentNullException(nameof(options))).Value.Limits)
{
    private readonly string prefix = options.Value.KeyPrefix;

    /// <inheritdoc />
    public override CartStorageCapabilities Capabilities { get; } = new("memory", SafeAcrossServers: false, StoreEnforcedVersionCheck: true, Locking: false);

    /// <inheritdoc />
    protected override CartRetryPolicy RetryPolicy { get; } = retry ?? CartRetryPolicy.Default;

    /// <inheritdoc />
    protected override Task<CartSnapshot?> GetCoreAsync(CartKey key, CancellationToken ct) =>
        Task.FromResult(store.Locked(carts => Read(carts, key)));

    /// <inheritdoc />
    protected override Task<CartWrite> BeginWriteAsync(CartKey key, CancellationToken ct)
    {
        var bytes = store.Read(Of(key));
        return Task.FromResult<CartWrite>(new ConditionalWrite(this, store, Of(key), bytes, bytes is null ? null : DeserializeCart(key, bytes)));
    }

    /// <inheritdoc />
    protected override Task ForgetCoreAsync(CartKey key, CartSnapshot? expected, CancellationToken ct) =>
        Task.FromResult(store.Locked(carts =>
        {
            if (expected is not null)
            {
                var current = Read(carts, key) ?? CartSnapshot.Empty;
                if (!IsSameCart(expected, current))
                {
                    throw Conflict(key, expected, current);
                }
            }

            return carts.Remove(Of(key));
        }));

    /// <inheritdoc />
    protected override Task FlushCoreAsync(CancellationToken ct) =>
        Task.FromResult(store.Locked(carts => carts.Keys.Where(k => k.Prefix == prefix).ToList().Count(carts.Remove)));

    /// <inheritdoc />
    protected override Task<IReadOnlyList<string>> GetInstancesCoreAsync(string identifier, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<string>>(store.Locked(carts =>
            carts.Keys.Where(k => k.Prefix == prefix && k.Identifier == identifier).Select(k => k.Instance).Order(StringComparer.Ordinal).ToList()));

    /// <inheritdoc />
    protected override Task<bool> SwapCoreAsync(CartKey from, CartKey to, CancellationToken ct) =>
        Task.FromResult(store.Locked(carts =>
        {
            if (Read(carts, from) is not { } source)
            {
                return false;
            }

            Write(carts, to, StampSwap(source, Read(carts, to) ?? CartSnapshot.Empty));
            return carts.Remove(Of(from));
        }));

    /// <inheritdoc />
    protected override Task<CartSnapshot?> MergeCoreAsync(CartKey from, CartKey to, CartMergeStrategy strategy, CancellationToken ct) =>
        Task.FromResult(store.Locked(carts =>
        {
            var target = Read(carts, to);
            if (Read(carts, from) is not { } source)
            {
                return target;
            }

            var merged = Write(carts, to, StampMerge(source, target ?? CartSnapshot.Empty, strategy));
            carts.Remove(Of(from));
            return (CartSnapshot?)merged;
        }));

    private (string, string, string) Of(CartKey key) => (prefix, key.Identifier, key.Instance);

    private CartSnapshot? Read(Dictionary<(string, string, string), byte[]> carts, CartKey key) =>
        carts.TryGetValue(Of(key), out var bytes) ? DeserializeCart(key, bytes) : null;

    private CartSnapshot Write(Dictionary<(string, string, string), byte[]> carts, CartKey key, CartSnapshot cart)
    {
        carts[Of(key)] = SerializeCart(cart);
        return cart;
    }

    /// <summary>One attempt: the document read, replaced only if it is still the stored one.</summary>
    private sealed class ConditionalWrite(InMemoryCartStorage storage, InMemoryCartStore store, (string, string, string) key, byte[]? read, CartSnapshot? current) : CartWrite(current)
    {
        public override Task<bool> TryWriteAsync(CartSnapshot next, CancellationToken ct) =>
            Task.FromResult(store.TryReplace(key, read, storage.SerializeCart(next)));
    }
}
