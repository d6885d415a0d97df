namespace CartStorage.Redis;

/// <summary>
/// The <c>Cart:Redis:Locking</c> section: tuning of the RedLock lock provider registered by <c>.AddRedisLocking()</c>.
/// How long a caller waits for a lock is <c>Cart:Cache:LockTimeout</c>; which Redis servers hold the locks is
/// <c>Cart:Redis:Configuration</c>.
/// </summary>
public sealed class RedisLockingOptions
{
    /// <summary>
    /// The lease of a lock: how long its Redis key lives without renewal. RedLock.net renews a held lock every half
    /// lease, so a slow mutation keeps it, and a crashed holder blocks the cart for at most one lease. Default 10 s;
    /// at least 100 ms.
    /// </summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The mean pause between two attempts to take a contended lock (each pause is randomly between half and one and a
    /// half times this, so waiters do not retry in lockstep). Default 15 ms; between 10 ms and 1 s. RedLock.net's own
    /// retries (random pauses up to 400 ms) are not used.
    /// </summary>
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromMilliseconds(15);
}
