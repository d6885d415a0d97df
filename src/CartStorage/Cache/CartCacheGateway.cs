using System.Buffers;
using Microsoft.Extensions.Caching.Distributed;

namespace CartStorage;

/// <summary>
/// Every call <see cref="CacheStorage"/> makes to its <see cref="IDistributedCache"/>, in one place: a cache server that
/// cannot be reached or does not answer in time (<c>RedisConnectionException</c>, <c>RedisTimeoutException</c>, a
/// socket error), or that answers but cannot take the command now (a replica's <c>READONLY</c>, <c>LOADING</c>,
/// <c>MASTERDOWN</c>, <c>CLUSTERDOWN</c>, <c>TRYAGAIN</c>: <see cref="CartStoreFailures"/> decides) becomes
/// <see cref="CartStorageUnavailableException"/> with the cache's exception inside; its message says whether the
/// command may have run. Other failures (an error about the command itself) and cancellation pass unchanged.
/// </summary>
/// <remarks>
/// <para>
/// A cache that implements <see cref="IBufferDistributedCache"/> (such as <c>RedisCache</c>) is written from pooled
/// buffers (<see cref="PooledBuffer"/>); any other cache takes an array. Reads use <see cref="IDistributedCache.GetAsync"/>
/// on every cache: <c>RedisCache</c>'s buffer read sends two commands (metadata, then data) where its array read sends
/// one (docs/benchmarks.md, "Performance round 2", has the measurement).
/// </para>
/// The message names the exception type only: a driver's message can contain the cache key, which contains the
/// cart's identifier.
/// </remarks>
internal sealed class CartCacheGateway(IDistributedCache cache)
{
    private readonly IBufferDistributedCache? buffers = cache as IBufferDistributedCache;

    /// <summary>
    /// Writes the bytes of <paramref name="value"/>, which stays the caller's. The cache may keep a reference to them
    /// until the write completes (<c>RedisCache</c> hands a single-segment value to StackExchange.Redis as it is), so
    /// the caller returns the buffer to the pool only after a write that succeeded: after a failure or a timeout the
    /// write may still be queued, and a reused array would be sent with another cart in it.
    /// </summary>
    public async Task SetAsync(string key, PooledBuffer value, DistributedCacheEntryOptions options, CancellationToken ct)
    {
        if (buffers is null)
        {
            await SetAsync(key, value.ToArray(), options, ct).ConfigureAwait(false);
            return;
        }

        try
        {
            await buffers.SetAsync(key, new ReadOnlySequence<byte>(value.WrittenMemory), options, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (IsStoreFailure(e, ct))
        {
            throw Unavailable("write", e);
        }
    }

    public async Task<byte[]?> GetAsync(string key, CancellationToken ct)
    {
        try
        {
            return await cache.GetAsync(key, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (IsStoreFailure(e, ct))
        {
            throw Unavailable("read", e);
        }
    }

    public async Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken ct)
    {
        try
        {
            await cache.SetAsync(key, value, options, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (IsStoreFailure(e, ct))
        {
            throw Unavailable("write", e);
        }
    }

    public async Task RemoveAsync(string key, CancellationToken ct)
    {
        try
        {
            await cache.RemoveAsync(key, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (IsStoreFailure(e, ct))
        {
            throw Unavailable("remove", e);
        }
    }

    private static bool IsStoreFailure(Exception e, CancellationToken ct) =>
        !(e is OperationCanceledException && ct.IsCancellationRequested) && CartStoreFailures.IsUnavailable(e);

    /// <summary>
    /// The cache's failure: refused, or else interrupted, whatever the command. A cart operation sends several commands
    /// (the cart, its instance index, a move's records), and a gateway call does not know whether an earlier one of the
    /// same operation wrote, so even a failed read cannot claim that nothing was written: the history checker
    /// (docs/reliability.md) caught a checkout that had removed the cart and then failed on its index read.
    /// </summary>
    private static CartStorageUnavailableException Unavailable(string operation, Exception inner) =>
        CartStoreFailures.Refusal(inner) is { } reason
            ? CartStorageUnavailableException.Create(Store, CartStoreFailureKind.Refused, $"{operation}: {reason}", inner)
            : CartStorageUnavailableException.Create(Store, CartStoreFailureKind.Interrupted, $"{operation}: {inner.GetType().Name}", inner);

    private const string Store = "The cart cache (IDistributedCache)";
}
