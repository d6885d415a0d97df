using CartStorage.Testing;

namespace CartStorage.Redis.Tests.Store;

/// <summary>
/// The case a lease cannot cover: a writer stopped between its read and its write (here inside its mutate function,
/// which runs between the two), resumed after another writer committed. RedisStorage's script refuses the stale write,
/// so the writer re-reads and mutates again and both changes survive. The same scenario on CacheStorage without a lock
/// loses the other write: the proof that the scenario really races.
/// </summary>
public sealed class PausedWriterTests
{
    [Fact]
    public async Task On_RedisStorage_a_resumed_stale_writer_retries_and_the_other_write_survives()
    {
        var storage = RedisStores.Create(await TestServers.RedisAsync(), "p" + Guid.NewGuid().ToString("N")[..12]);

        var (cart, calls) = await RaceAsync(storage);

        calls.Should().Be(2, "the paused writer's first write was refused, so it mutated the fresh cart again");
        cart.Items.Select(i => i.Id).Should().BeEquivalentTo(["first", "other", "paused"]);
    }

    [Fact]
    public async Task On_RedisStorage_over_a_cluster_a_resumed_stale_writer_retries_and_the_other_write_survives()
    {
        var storage = RedisStores.Create(await TestServers.RedisClusterAsync(), "p" + Guid.NewGuid().ToString("N")[..12]);

        var (cart, calls) = await RaceAsync(storage);

        calls.Should().Be(2);
        cart.Items.Select(i => i.Id).Should().BeEquivalentTo(["first", "other", "paused"]);
    }

    [Fact]
    public async Task On_CacheStorage_without_locking_the_same_race_loses_the_other_write()
    {
        var storage = await LockingRedis.StorageAsync(LockingRedis.NewPrefix(), locks: null);

        var (cart, calls) = await RaceAsync(storage);

        calls.Should().Be(1);
        cart.Items.Select(i => i.Id).Should().BeEquivalentTo(["first", "paused"], "the stale write replaced the cart: 'other' is lost");
    }

    /// <summary>
    /// One cart with item "first"; writer A reads it and stops inside mutate; writer B adds "other" and commits; A
    /// resumes and adds "paused". Returns the stored cart and how often A's mutate ran.
    /// </summary>
    private static async Task<(CartSnapshot Cart, int Calls)> RaceAsync(ICartStorage storage)
    {
        var id = CartData.NewIdentifier();
        await storage.PutItemsAsync(id, LockingRedis.Default, [CartData.Item("first")]);
        var calls = 0;
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var resume = new ManualResetEventSlim();

        var paused = Task.Run(() => storage.UpdateAsync(id, LockingRedis.Default, cart =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                entered.SetResult();
                resume.Wait(TimeSpan.FromMinutes(1)).Should().BeTrue();
            }

            return cart with { Items = [.. cart.Items, CartData.Item("paused")] };
        }));
        await entered.Task.WaitAsync(TimeSpan.FromMinutes(1));
        await storage.UpdateAsync(id, LockingRedis.Default, cart => cart with { Items = [.. cart.Items, CartData.Item("other")] });
        resume.Set();
        await paused;

        return ((await storage.GetAsync(id, LockingRedis.Default))!, calls);
    }
}
