using Microsoft.Extensions.Caching.Distributed;

namespace CartStorage.Reliability.Tests.Chaos;

/// <summary>
/// Fault injection for <see cref="CacheStorage"/>: every asynchronous call of a chaos client on the
/// <see cref="IDistributedCache"/> may fail as the Redis cache's driver (StackExchange.Redis) fails, before it is sent or
/// after it took effect (see <see cref="FaultyRedis.Failure"/>). The synchronous members pass through.
/// </summary>
internal sealed class FaultyCache(IDistributedCache inner) : IDistributedCache
{
    public byte[]? Get(string key) => inner.Get(key);

    public Task<byte[]?> GetAsync(string key, CancellationToken token = default) => FaultedAsync(nameof(GetAsync), () => inner.GetAsync(key, token));

    public void Refresh(string key) => inner.Refresh(key);

    public Task RefreshAsync(string key, CancellationToken token = default) => FaultedAsync(nameof(RefreshAsync), () => Done(inner.RefreshAsync(key, token)));

    public void Remove(string key) => inner.Remove(key);

    public Task RemoveAsync(string key, CancellationToken token = default) => FaultedAsync(nameof(RemoveAsync), () => Done(inner.RemoveAsync(key, token)));

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => inner.Set(key, value, options);

    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default) =>
        FaultedAsync(nameof(SetAsync), () => Done(inner.SetAsync(key, value, options, token)));

    private static async Task<bool> Done(Task task)
    {
        await task.ConfigureAwait(false);
        return true;
    }

    private static async Task<T> FaultedAsync<T>(string call, Func<Task<T>> run)
    {
        switch (ChaosFaults.Next(call))
        {
            case null:
                return await run().ConfigureAwait(false);
            case ChaosFaultKind.Before:
                throw FaultyRedis.Failure(ChaosFaultKind.Before, call);
            default:
                await run().ConfigureAwait(false);
                throw FaultyRedis.Failure(ChaosFaultKind.After, call);
        }
    }
}

/// <summary>
/// Fault injection for the cart locks of <see cref="CacheStorage"/>: an acquisition of a chaos client may fail as
/// <see cref="CartStorage.Redis.RedLockCartLockProvider"/> fails when its servers cannot be reached
/// (<see cref="CartStorageUnavailableException"/>), before the lock was taken, or after it was taken and released again
/// (RedLock releases what it took when it cannot confirm a quorum).
/// </summary>
internal sealed class FaultyLocks(ICartLockProvider inner) : ICartLockProvider
{
    public async Task<ICartLock> AcquireAsync(string resource, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var fault = ChaosFaults.Next(nameof(AcquireAsync));
        if (fault == ChaosFaultKind.After)
        {
            await (await inner.AcquireAsync(resource, timeout, cancellationToken).ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
        }

        return fault is null
            ? await inner.AcquireAsync(resource, timeout, cancellationToken).ConfigureAwait(false)
            : throw new CartStorageUnavailableException($"Injected: the cart lock servers could not be reached ({fault}).", FaultyRedis.Failure(fault.Value, nameof(AcquireAsync)));
    }
}
