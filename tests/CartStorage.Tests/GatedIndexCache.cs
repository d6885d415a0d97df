using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace CartStorage.Tests;

/// <summary>
/// A memory cache that holds the first two reads of one entry until both have happened (or, when
/// <paramref name="bound"/> is given, until it passes): two writers that both read the instance index before either
/// writes it, the interleaving that loses an index entry without locking, made certain instead of likely.
/// </summary>
internal sealed class GatedIndexCache(string gatedKey, TimeSpan? bound = null) : IDistributedCache
{
    private readonly MemoryDistributedCache inner = new(Options.Create(new MemoryDistributedCacheOptions()));
    private readonly TaskCompletionSource bothRead = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int reads;

    public byte[]? Get(string key) => inner.Get(key);

    public async Task<byte[]?> GetAsync(string key, CancellationToken token = default)
    {
        var value = await inner.GetAsync(key, token);
        if (key == gatedKey)
        {
            var read = Interlocked.Increment(ref reads);
            if (read == 2)
            {
                bothRead.TrySetResult();
            }

            if (read <= 2)
            {
                var waiting = bothRead.Task;
                await (bound is { } b ? waiting.WaitAsync(b, token).ContinueWith(_ => { }, TaskScheduler.Default) : waiting);
            }
        }

        return value;
    }

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => inner.Set(key, value, options);

    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default) => inner.SetAsync(key, value, options, token);

    public void Refresh(string key) => inner.Refresh(key);

    public Task RefreshAsync(string key, CancellationToken token = default) => inner.RefreshAsync(key, token);

    public void Remove(string key) => inner.Remove(key);

    public Task RemoveAsync(string key, CancellationToken token = default) => inner.RemoveAsync(key, token);
}
