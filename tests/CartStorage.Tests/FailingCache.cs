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
internal sealed class FailingCache() : WriteHookCache(new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions())))
{
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

    protected override void BeforeWrite(string operation, string key)
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
