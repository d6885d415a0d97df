using System.Diagnostics;
using RedLockNet;

namespace CartStorage.Redis;

/// <summary>A held RedLock; disposing it stops the renewal and deletes the lock key if it still holds our value.</summary>
internal sealed class RedLockCartLock : ICartLock
{
    private readonly IRedLock inner;
    private readonly long attemptStarted;
    private readonly TimeSpan lease;

    /// <summary>RedLock.net's allowance for clock drift between the holder and the Redis servers (1 % + 2 ms).</summary>
    private readonly TimeSpan drift;
    private readonly Timer observer;
    private readonly Lock gate = new();
    private int observedRenewals;
    private bool lost;

    /// <param name="inner">The acquired RedLock.</param>
    /// <param name="attemptStarted">The <see cref="Stopwatch"/> timestamp taken before the winning attempt was sent.</param>
    /// <param name="lease">The lease the lock was taken with.</param>
    public RedLockCartLock(IRedLock inner, long attemptStarted, TimeSpan lease)
    {
        this.inner = inner;
        this.attemptStarted = attemptStarted;
        this.lease = lease;
        drift = lease * 0.01 + TimeSpan.FromMilliseconds(2);

        // Renewals are only trusted when seen before the lease they extend ran out, so they are looked at often.
        observer = new Timer(static state => _ = ((RedLockCartLock)state!).IsHeld, this, lease / 8, lease / 8);
    }

    /// <summary>
    /// Held while RedLock.net's last renewal succeeded (its <see cref="IRedLock.IsAcquired"/>) and while this
    /// process's own clock proves the lease never ran out since the lock was won. Once <see langword="false"/>, it
    /// stays <see langword="false"/>.
    /// </summary>
    /// <remarks>
    /// <para>
    /// RedLock.net renews on a timer every half lease, never earlier, from the acquisition; so the n-th renewal was sent
    /// at least <c>n × lease / 2</c> after the winning attempt and, if it extended a live key, the key lives at least
    /// until <c>attempt + lease × (1 + n / 2)</c>. A holder paused longer than that (GC, stopped VM) also paused its
    /// timer, which still says "acquired".
    /// </para>
    /// <para>
    /// RedLock.net's renewal script also <em>re-creates</em> a key that has expired. Such a renewal is a new
    /// acquisition, after another writer may have written: it must not count. So a renewal is only trusted when it is
    /// seen (read before the clock) while the bound of the renewals seen before it still holds; once the clock passes
    /// that bound the lock is lost for good, whatever RedLock.net says afterwards.
    /// </para>
    /// </remarks>
    public bool IsHeld
    {
        get
        {
            lock (gate)
            {
                if (lost)
                {
                    return false;
                }

                var renewals = inner.ExtendCount;
                var acquired = inner.IsAcquired;
                if (!acquired || Stopwatch.GetElapsedTime(attemptStarted) >= Bound(observedRenewals))
                {
                    lost = true;
                    return false;
                }

                observedRenewals = renewals;
                return true;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await observer.DisposeAsync().ConfigureAwait(false);
        await inner.DisposeAsync().ConfigureAwait(false);
    }

    private TimeSpan Bound(int renewals) => (lease * (1 + renewals / 2.0)) - drift;
}
