using Microsoft.Extensions.Caching.Distributed;

/// <summary>
/// An <see cref="IDistributedCache"/> that calls <see cref="BeforeWrite"/> before every Set and Remove of the cache it
/// wraps; reads pass through. The base of the fault-injecting caches (<c>CrashingCache</c> here, <c>FailingCache</c> in
/// tests/CartStorage.Tests, which links this file).
/// </summary>
internal abstract class WriteHookCache(IDistributedCache inner) : IDistributedCache
{
    public byte[]? Get(string key) => inner.Get(key);

    public Task<byte[]?> GetAsync(string key, CancellationToken token = default) => inner.GetAsync(key, token);

    public void Refresh(string key) => inner.Refresh(key);

    public Task RefreshAsync(string key, CancellationToken token = default) => inner.RefreshAsync(key, token);

    public void Remove(string key)
    {
        BeforeWrite("remove", key);
        inner.Remove(key);
    }

    public Task RemoveAsync(string key, CancellationToken token = default)
    {
        BeforeWrite("remove", key);
        return inner.RemoveAsync(key, token);
    }

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options)
    {
        BeforeWrite("set", key);
        inner.Set(key, value, options);
    }

    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
    {
        BeforeWrite("set", key);
        return inner.SetAsync(key, value, options, token);
    }

    /// <summary>Runs before the write <paramref name="operation"/> (<c>set</c> or <c>remove</c>) of <paramref name="key"/>.</summary>
    protected abstract void BeforeWrite(string operation, string key);
}
