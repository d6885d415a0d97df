using System.Collections.Concurrent;

namespace CartStorage.Tests;

/// <summary>Locks of one process (a semaphore per resource): the protection the index tests compare against.</summary>
internal sealed class InProcessLockProvider : ICartLockProvider
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> gates = new(StringComparer.Ordinal);

    public async Task<ICartLock> AcquireAsync(string resource, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var gate = gates.GetOrAdd(resource, _ => new SemaphoreSlim(1, 1));
        return await gate.WaitAsync(timeout, cancellationToken)
            ? new Held(gate)
            : throw new CartLockTimeoutException("The in-process test lock was not acquired.", timeout);
    }

    private sealed class Held(SemaphoreSlim gate) : ICartLock
    {
        public bool IsHeld => true;

        public ValueTask DisposeAsync()
        {
            gate.Release();
            return ValueTask.CompletedTask;
        }
    }
}
