namespace CartStorage;

/// <summary>The cart locks of <see cref="CacheStorage"/> (<c>Cart:Cache:UseLocking</c>), and the check that a lock is still held before a write.</summary>
public sealed partial class CacheStorage
{
    private Task<ICartLock> LockAsync(string resource, CancellationToken ct)
    {
        if (locks is null)
        {
            return NoLock.Task;
        }

        return AcquireLockAsync(locks, resource, lockTimeout, ct);
    }

    private void EnsureHeld(ICartLock held, CartKey key) => EnsureHeld(held, $"cart (instance '{key.Instance}')", key.Identifier, key.Instance);

    private void EnsureHeld(ICartLock held, string what, string identifier, string? instance)
    {
        if (held is { IsHeld: false })
        {
            throw new CartLockTimeoutException($"The lock of the {what} was lost before the write (lease expired or lock servers unreachable); nothing was written.", lockTimeout, identifier, instance);
        }
    }

    /// <summary>The lock of a storage that does not lock.</summary>
    private sealed class NoLock : ICartLock
    {
        public static readonly Task<ICartLock> Task = System.Threading.Tasks.Task.FromResult<ICartLock>(new NoLock());

        public bool IsHeld => true;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
