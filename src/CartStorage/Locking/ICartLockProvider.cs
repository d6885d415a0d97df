namespace CartStorage;

/// <summary>
/// Takes distributed locks for <see cref="CacheStorage"/> when <c>Cart:Cache:UseLocking</c> is on.
/// <c>IDistributedCache</c> has no lock of its own, so locking needs a provider such as the RedLock one in
/// CartStorage.Redis (<c>.AddRedisLocking()</c>).
/// </summary>
public interface ICartLockProvider
{
    /// <summary>
    /// Acquires the lock on <paramref name="resource"/>, waiting at most <paramref name="timeout"/>.
    /// </summary>
    /// <exception cref="CartLockTimeoutException">The lock was not acquired within <paramref name="timeout"/> (another writer holds it).</exception>
    /// <exception cref="CartStorageUnavailableException">The lock servers could not be reached, did not answer in time, or refused the write (a replica).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while waiting.</exception>
    Task<ICartLock> AcquireAsync(string resource, TimeSpan timeout, CancellationToken cancellationToken = default);
}

/// <summary>A held lock. Disposing it releases the lock.</summary>
public interface ICartLock : IAsyncDisposable
{
    /// <summary>
    /// Whether the lock is still held. A lease-based lock can be lost (expired while the holder was paused,
    /// or the lock servers lost): <see cref="CacheStorage"/> checks this right before it writes and writes
    /// nothing when it is <see langword="false"/>.
    /// </summary>
    bool IsHeld { get; }
}
