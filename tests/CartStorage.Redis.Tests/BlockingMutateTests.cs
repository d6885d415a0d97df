using CartStorage.Testing;
using Xunit.Abstractions;
using static CartStorage.Redis.Tests.LockingRedis;

namespace CartStorage.Redis.Tests;

/// <summary>
/// A <c>mutate</c> that blocks its thread longer than the lease (issue 13). RedLock.net renews the lease from a
/// thread-pool timer, so whether the renewal runs depends on a free pool thread: on a starved pool the lease runs out
/// and the write is refused; with free threads it is renewed and the write succeeds. Either way no update is lost:
/// this test asserts that invariant, not which outcome this run had (it writes the outcome to the test output).
/// </summary>
public sealed class BlockingMutateTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task A_mutation_blocking_longer_than_the_lease_either_keeps_the_lock_or_writes_nothing_and_no_update_is_lost()
    {
        var prefix = NewPrefix();
        var locks = new RedLockCartLockProvider([await TestServers.RedisAsync()], new RedisLockingOptions { Lease = Lease });
        var storage = await StorageAsync(prefix, locks);
        var id = CartData.NewIdentifier();
        using var blocking = new SemaphoreSlim(0);

        var blocked = Task.Run(() => storage.UpdateAsync(id, Default, cart =>
        {
            blocking.Release();
            Thread.Sleep(Lease * 2.5); // blocks its thread, as a synchronous database or HTTP call in mutate would
            return Increment(cart);
        }));
        await blocking.WaitAsync();
        var other = storage.UpdateAsync(id, Default, cart => Increment(cart));

        var outcome = await Outcome(blocked);
        await other;
        var stored = await storage.GetAsync(id, Default);

        output.WriteLine($"blocking mutate: {outcome}; min threads {MinThreads()}");
        outcome.Should().BeOneOf("written", "lock lost: nothing written");
        Quantity(stored).Should().Be(outcome == "written" ? 2 : 1, "each acknowledged update is in the cart, and the refused one is not");
        stored!.Version.Should().Be(outcome == "written" ? 2 : 1);
    }

    private static async Task<string> Outcome(Task<CartSnapshot> update)
    {
        try
        {
            await update;
            return "written";
        }
        catch (CartLockTimeoutException e) when (e.Message.Contains("lost before the write", StringComparison.Ordinal))
        {
            return "lock lost: nothing written";
        }
    }

    private static int MinThreads()
    {
        ThreadPool.GetMinThreads(out var worker, out _);
        return worker;
    }
}
