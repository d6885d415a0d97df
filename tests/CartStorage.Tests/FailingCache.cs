using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace CartStorage.Tests;

/// <summary>
/// A memory cache that throws <see cref="SimulatedCrashException"/> instead of performing one chosen write (Set or
/// Remove), once: the in-process stand-in for a process killed between two cache writes (tests/CartStorage.Worker
/// CrashingCache does it with a real exit). The write is chosen by its number after <see cref="FailWrite(int)"/>, or as
/// the first removal of one key (<see cref="FailRemovalOf"/>). Reads pass through.
/// </summary>
internal sealed class FailingCache : IDistributedCache
{
    private readonly MemoryDistributedCache inner = new(Options.Create(new MemoryDistributedCacheOptions()));
    private int writes;
    private int failAt;
    private string? failRemovalOf;

    /// <summary>What the failed write was (<c>set key</c> or <c>remove key</c>), once one failed.</summary>
    public string? Failed { get; private set; }

    /// <summary>Fails the <paramref name="write"/>-th write from now (1 = the next one).</summary>
    public void FailWrite(int write)
    {
        (writes, failAt, Failed) = (0, write, null);
    }

    /// <summary>Fails the next removal of <paramref name="key"/>.</summary>
    public void FailRemovalOf(string key)
    {
        (failRemovalOf, Failed) = (key, null);
    }

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
        var numbered = failAt > 0 && ++writes == failAt;
        var removal = operation == "remove" && key == failRemovalOf;
        if (numbered || removal)
        {
            (failAt, failRemovalOf, Failed) = (0, null, $"{operation} {key}");
            throw new SimulatedCrashException();
        }
    }
}

/// <summary>The process "died" here (<see cref="FailingCache"/>).</summary>
internal sealed class SimulatedCrashException : Exception
{
    public SimulatedCrashException()
        : base("Simulated crash before a cache write.")
    {
    }

    public SimulatedCrashException(string message)
        : base(message)
    {
    }

    public SimulatedCrashException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
