using CartStorage.Testing;
using static CartStorage.Redis.Tests.LockingRedis;

namespace CartStorage.Redis.Tests;

/// <summary>Locking of CacheStorage against a real redis-server, with several storages in one process standing for several servers.</summary>
public sealed class InProcessLockingTests
{
    /// <summary>How long a reader waits for the other reader in the interleaving tests; with locking it never comes.</summary>
    private static readonly TimeSpan ReaderWait = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(30);

    private readonly string prefix = NewPrefix();

    [Fact]
    public async Task Fifty_tasks_times_twenty_increments_of_one_cart_make_exactly_1000()
    {
        var storage = await StorageAsync(prefix, await LocksAsync());
        var id = CartData.NewIdentifier();

        await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 20; i++)
            {
                await storage.UpdateAsync(id, Default, c => Increment(c));
            }
        })));

        var cart = await storage.GetAsync(id, Default);
        Quantity(cart).Should().Be(1000);
        cart!.Version.Should().Be(1000);
    }

    [Fact]
    public async Task Without_locking_two_servers_that_both_read_before_either_writes_lose_an_increment()
    {
        var (cart, sawOtherReader) = await TwoServersIncrementTogetherAsync(locks: null);

        sawOtherReader.Should().Equal(true, true);
        Quantity(cart).Should().Be(1, "both read quantity 0 and both wrote 1: the harness detects the lost update");
        cart!.Version.Should().Be(1);
    }

    [Fact]
    public async Task With_locking_the_same_interleaving_loses_nothing_because_the_second_reader_waits()
    {
        var (cart, sawOtherReader) = await TwoServersIncrementTogetherAsync(await LocksAsync());

        sawOtherReader.Should().BeEquivalentTo([false, true], "the first reader holds the lock until it has written, so it never sees the second reader");
        Quantity(cart).Should().Be(2);
        cart!.Version.Should().Be(2);
    }

    [Fact]
    public async Task A_writer_that_waits_longer_than_LockTimeout_gets_CartLockTimeoutException_and_nothing_is_written()
    {
        var locks = await LocksAsync();
        var storage = await StorageAsync(prefix, locks, TimeSpan.FromMilliseconds(300));
        var id = CartData.NewIdentifier();
        await storage.PutItemsAsync(id, Default, [CartData.Item("a")]);
        var read = (await storage.GetAsync(id, Default))!;

        await using (await locks.AcquireAsync(Resource(prefix, id), LongTimeout))
        {
            var e = await FluentActions.Awaiting(() => storage.UpdateAsync(id, Default, c => Increment(c))).Should().ThrowAsync<CartLockTimeoutException>();
            e.Which.Timeout.Should().Be(TimeSpan.FromMilliseconds(300));
            e.Which.Message.Should().Contain("Cart:Cache:LockTimeout");
            await FluentActions.Awaiting(() => storage.PutItemsAsync(id, Default, [CartData.Item("b")])).Should().ThrowAsync<CartLockTimeoutException>();
            await FluentActions.Awaiting(() => storage.SaveAsync(id, Default, read with { Items = [CartData.Item("c")] })).Should().ThrowAsync<CartLockTimeoutException>();
            await FluentActions.Awaiting(() => storage.ForgetAsync(id, Default)).Should().ThrowAsync<CartLockTimeoutException>();
            await FluentActions.Awaiting(() => storage.SwapIdentifierAsync(id, CartData.NewIdentifier(), Default)).Should().ThrowAsync<CartLockTimeoutException>();
        }

        var cart = (await storage.GetAsync(id, Default))!;
        cart.Items.Select(i => i.Id).Should().Equal("a");
        cart.Version.Should().Be(1);
        (await storage.UpdateAsync(id, Default, c => Increment(c))).Version.Should().Be(2, "the lock is free again once its holder released it");
    }

    [Fact]
    public async Task A_lease_lost_before_the_write_throws_and_writes_nothing()
    {
        var locks = new RecordingLocks(await LocksAsync(TimeSpan.FromMilliseconds(400)));
        var storage = await StorageAsync(prefix, locks);
        var id = CartData.NewIdentifier();
        await storage.PutItemsAsync(id, Default, [CartData.Item("a")]);
        var redis = (await TestServers.RedisAsync()).GetDatabase();

        var e = await FluentActions.Awaiting(() => storage.UpdateAsync(id, Default, cart =>
        {
            // The lock key disappears on the server, as when the lease expires; RedLock.net's next renewal (every 200 ms) notices.
            redis.KeyDelete(RedisKey(Resource(prefix, id)));
            SpinWait.SpinUntil(() => !locks.Last!.IsHeld, LongTimeout).Should().BeTrue();
            return cart with { Items = [CartData.Item("lost")] };
        })).Should().ThrowAsync<CartLockTimeoutException>();

        e.Which.Message.Should().Contain("lost before the write");
        var stored = (await storage.GetAsync(id, Default))!;
        stored.Items.Select(i => i.Id).Should().Equal("a");
        stored.Version.Should().Be(1);
    }

    [Fact]
    public async Task Other_carts_and_other_instances_do_not_wait_for_a_held_cart_lock()
    {
        var locks = await LocksAsync();
        var storage = await StorageAsync(prefix, locks); // LockTimeout 60 s: a write that waited for the held lock would not finish within the bound
        var id = CartData.NewIdentifier();
        var other = CartData.NewIdentifier();

        await using var held = await locks.AcquireAsync(Resource(prefix, id), LongTimeout);
        await storage.PutItemsAsync(other, Default, [CartData.Item("a")]).WaitAsync(Bounded);
        await storage.PutItemsAsync(id, "wishlist", [CartData.Item("a")]).WaitAsync(Bounded);
        await storage.UpdateAsync(id, "saved", c => Increment(c)).WaitAsync(Bounded);

        held.IsHeld.Should().BeTrue("the other writes completed while this cart's lock was held");
        (await storage.GetInstancesAsync(id)).Should().Equal("saved", "wishlist");
        (await storage.HasAsync(other, Default)).Should().BeTrue();
    }

    [Fact]
    public async Task Opposite_concurrent_swaps_take_both_locks_in_one_order_and_never_deadlock()
    {
        var locks = await LocksAsync();
        var (serverA, serverB) = (await StorageAsync(prefix, locks), await StorageAsync(prefix, locks));
        var (guest, user) = (CartData.NewIdentifier("guest"), CartData.NewIdentifier("user"));

        for (var round = 0; round < 15; round++)
        {
            await serverA.PutItemsAsync(guest, Default, [CartData.Item("g" + round)]);
            await serverA.PutItemsAsync(user, Default, [CartData.Item("u" + round)]);

            var swapped = await Task.WhenAll(
                Task.Run(() => serverA.SwapIdentifierAsync(guest, user, Default)),
                Task.Run(() => serverB.SwapIdentifierAsync(user, guest, Default))).WaitAsync(Bounded);

            swapped.Should().Equal(true, true);
            var remaining = new[] { await serverA.GetAsync(guest, Default), await serverA.GetAsync(user, Default) }.Where(c => c is not null).ToList();
            remaining.Should().ContainSingle("each swap moved the cart the other had just written, so exactly one cart is left");
            remaining[0]!.Items.Should().ContainSingle().Which.Id.Should().BeOneOf("g" + round, "u" + round);
        }
    }

    [Fact]
    public async Task A_swap_waits_for_the_target_carts_lock_too()
    {
        var locks = await LocksAsync();
        var storage = await StorageAsync(prefix, locks, TimeSpan.FromMilliseconds(300));
        var (guest, user) = (CartData.NewIdentifier("guest"), CartData.NewIdentifier("user"));
        await storage.PutItemsAsync(guest, Default, [CartData.Item("g")]);

        await using (await locks.AcquireAsync(Resource(prefix, user), LongTimeout))
        {
            await FluentActions.Awaiting(() => storage.SwapIdentifierAsync(guest, user, Default)).Should().ThrowAsync<CartLockTimeoutException>();
        }

        (await storage.GetItemsAsync(guest, Default)).Should().ContainSingle();
        (await storage.HasAsync(user, Default)).Should().BeFalse();
    }

    [Fact]
    public async Task GetInstances_lists_every_instance_created_concurrently_from_two_servers()
    {
        var locks = await LocksAsync();
        var servers = new[] { await StorageAsync(prefix, locks), await StorageAsync(prefix, locks) };
        var id = CartData.NewIdentifier();
        var instances = Enumerable.Range(0, 40).Select(i => $"i{i:D2}").ToArray();

        await Task.WhenAll(instances.Select((instance, i) => Task.Run(() => servers[i % 2].PutItemsAsync(id, instance, [CartData.Item("a")]))));

        (await servers[0].GetInstancesAsync(id)).Should().Equal(instances);
    }

    [Fact]
    public async Task The_lock_is_released_after_an_exception_and_after_a_cancellation()
    {
        var storage = await StorageAsync(prefix, await LocksAsync(), TimeSpan.FromMilliseconds(300));
        var id = CartData.NewIdentifier();
        var lockKey = RedisKey(Resource(prefix, id));
        var redis = (await TestServers.RedisAsync()).GetDatabase();

        await FluentActions.Awaiting(() => storage.UpdateAsync(id, Default, _ => throw new InvalidOperationException("boom"))).Should().ThrowAsync<InvalidOperationException>();
        (await redis.KeyExistsAsync(lockKey)).Should().BeFalse();

        using var cts = new CancellationTokenSource();
        await FluentActions.Awaiting(() => storage.UpdateAsync(id, Default, c =>
        {
            cts.Cancel();
            return Increment(c);
        }, cts.Token)).Should().ThrowAsync<OperationCanceledException>();
        (await redis.KeyExistsAsync(lockKey)).Should().BeFalse();

        (await storage.UpdateAsync(id, Default, c => Increment(c))).Version.Should().Be(1, "neither failed call wrote, and neither kept the lock");
    }

    private async Task<(CartSnapshot? Cart, bool[] SawOtherReader)> TwoServersIncrementTogetherAsync(ICartLockProvider? locks)
    {
        var (serverA, serverB) = (await StorageAsync(prefix, locks), await StorageAsync(prefix, locks));
        var id = CartData.NewIdentifier();
        using var bothRead = new CountdownEvent(2);
        var sawOtherReader = new bool[2];

        // Each mutation runs after its server read the cart: it waits (bounded) until the other server has read too.
        CartSnapshot Mutate(int server, CartSnapshot cart)
        {
            bothRead.Signal();
            sawOtherReader[server] = bothRead.Wait(ReaderWait);
            return Increment(cart);
        }

        await Task.WhenAll(
            Task.Run(() => serverA.UpdateAsync(id, Default, c => Mutate(0, c))),
            Task.Run(() => serverB.UpdateAsync(id, Default, c => Mutate(1, c))));
        return (await serverA.GetAsync(id, Default), sawOtherReader);
    }

    /// <summary>Passes through to the real provider and remembers the last lock it handed out.</summary>
    private sealed class RecordingLocks(ICartLockProvider inner) : ICartLockProvider
    {
        public ICartLock? Last { get; private set; }

        public async Task<ICartLock> AcquireAsync(string resource, TimeSpan timeout, CancellationToken cancellationToken = default) =>
            Last = await inner.AcquireAsync(resource, timeout, cancellationToken);
    }
}
