using Microsoft.Extensions.Caching.Distributed;

/// <summary>
/// An <see cref="IDistributedCache"/> that ends the process (exit code 42, no cleanup: locks stay held until their
/// lease ends) right before its <c>crashBefore</c>-th write (Set or Remove), so a test can stop a merge between any two of
/// its steps, deterministically. Reads pass through.
/// </summary>
internal sealed class CrashingCache(IDistributedCache inner, int crashBefore) : WriteHookCache(inner)
{
    public const int ExitCode = 42;

    private int writes;

    protected override void BeforeWrite(string operation, string key)
    {
        if (Interlocked.Increment(ref writes) == crashBefore)
        {
            Console.WriteLine($"crashing before write {crashBefore} ({operation} {key})");
            Environment.Exit(ExitCode);
        }
    }
}
