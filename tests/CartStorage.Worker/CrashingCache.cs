using Microsoft.Extensions.Caching.Distributed;

/// <summary>
/// An <see cref="IDistributedCache"/> that ends the process (exit code 42, no cleanup: locks stay held until their
/// lease ends) right before its <c>crashBefore</c>-th write (Set or Remove), so a test can stop a merge between any two of
/// its steps, deterministically. Reads pass through.
/// </summary>
internal sealed class CrashingCache(IDistributedCache inner, int crashBefore) : IDistributedCache
{
    public const int ExitCode = 42;

    private int writes;

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

    private void BeforeWrite(string operation, string key)
    {
        if (Interlocked.Increment(ref writes) == crashBefore)
        {
            Console.WriteLine($"crashing before write {crashBefore} ({operation} {key})");
            Environment.Exit(ExitCode);
        }
    }
}
