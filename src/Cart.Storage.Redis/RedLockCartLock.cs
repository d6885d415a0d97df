using System.Diagnostics;
using RedLockNet;

namespace Cart.Storage.Redis;

/// <summary>A held RedLock; disposing it stops the renewal and deletes the lock key if it still holds our value.</summary>
/// <param name="inner">The acquired RedLock.</param>
/// <param name="attemptStarted">The <see cref="Stopwatch"/> timestamp taken before the winning attempt was sent.</param>
/// <param name="lease">The lease the lock was taken with.</param>
internal sealed class RedLockCartLock(IRedLock inner, long attemptStarted, TimeSpan lease) : ICartLock
{
    /// <summary>RedLock.net's allowance for clock drift between the holder and the Redis servers (1 % + 2 ms).</summary>
    private readonly TimeSpan drift = lease * 0.01 + TimeSpan.FromMilliseconds(2);

    /// <summary>
    /// Held while RedLock.net's last renewal succeeded (its <see cref="IRedLock.IsAcquired"/>; a failed renewal sets it
    /// to <see langword="false"/>) and while this process's own clock proves the lease still runs.
    /// </summary>
    /// <remarks>
    /// The renewal timer ticks every half lease, never earlier, from after the acquisition; so the n-th renewal started at
    /// least <c>n × lease / 2</c> after the winning attempt, and the key lives at least until
    /// <c>attempt + lease × (1 + n / 2)</c>. A holder paused longer than that (GC, stopped VM) also paused its timer,
    /// which still says "acquired": this bound catches it.
    /// </remarks>
    public bool IsHeld => inner.IsAcquired && Stopwatch.GetElapsedTime(attemptStarted) < (lease * (1 + inner.ExtendCount / 2.0)) - drift;

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
