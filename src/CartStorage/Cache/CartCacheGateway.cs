using Microsoft.Extensions.Caching.Distributed;

namespace CartStorage;

/// <summary>
/// Every call <see cref="CacheStorage"/> makes to its <see cref="IDistributedCache"/>, in one place: a cache server that
/// cannot be reached or does not answer in time (<c>RedisConnectionException</c>, <c>RedisTimeoutException</c>, a
/// socket error: <see cref="StoreFailures.IsUnavailable"/>) becomes <see cref="CartStorageUnavailableException"/> with
/// the cache's exception inside. Other failures (a server that answers with an error) and cancellation pass unchanged.
/// </summary>
/// <remarks>
/// The message names the exception type only: a driver's message can contain the cache key, which contains the
/// cart's identifier.
/// </remarks>
internal sealed class CartCacheGateway(IDistributedCache cache)
{
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
        !(e is OperationCanceledException && ct.IsCancellationRequested) && StoreFailures.IsUnavailable(e);

    private static CartStorageUnavailableException Unavailable(string operation, Exception inner) =>
        new($"The cart cache (IDistributedCache) failed to {operation} an entry: the cache server could not be reached or did not answer in time ({inner.GetType().Name}). Whether an interrupted write took effect is unknown; read the cart again before retrying.", inner);
}
