using CartStorage.Testing;
using StackExchange.Redis;

namespace CartStorage.Redis.Tests.Store;

/// <summary>
/// Swaps and merges across hash slots of the cluster (guest and user carts on different nodes), stopped between their
/// steps the way a crash would stop them, and raced by a writer: nothing is lost, nothing is applied twice, and the next
/// swap or merge from the source finishes what was left.
/// </summary>
public sealed class RedisMoveRecoveryTests : IAsyncLifetime
{
    private const string Default = RedisStores.Default;
    private readonly string prefix = "v" + Guid.NewGuid().ToString("N")[..12];
    private IConnectionMultiplexer redis = null!;
    private RedisStorage storage = null!;
    private RedisCartStore gateway = null!;

    public async Task InitializeAsync()
    {
        redis = await TestServers.RedisClusterAsync();
        storage = RedisStores.Create(redis, prefix);
        gateway = RedisStores.Gateway(redis, prefix);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_merge_stopped_after_its_claim_is_finished_once_by_the_next_merge()
    {
        var (guest, user) = await TwoCartsAsync();
        await ClaimAsync(guest, user);

        var merged = await storage.MergeIdentifierAsync(guest, user, Default);

        RedisStores.Quantity(merged).Should().Be(3);
        RedisStores.Quantity(await storage.GetAsync(user, Default)).Should().Be(3);
        (await storage.MergeIdentifierAsync(guest, user, Default))!.Version.Should().Be(merged!.Version, "a second merge finds nothing left to move");
        (await redis.GetDatabase().KeyExistsAsync(new RedisCartKeys(prefix).Pending(new CartKey(guest, Default)))).Should().BeFalse();
    }

    [Fact]
    public async Task Reading_the_source_of_a_merge_stopped_after_its_claim_finishes_the_merge_first()
    {
        var (guest, user) = await TwoCartsAsync();
        await ClaimAsync(guest, user);

        (await storage.GetAsync(guest, Default)).Should().BeNull("the guest's cart went to the user's");

        RedisStores.Quantity(await storage.GetAsync(user, Default)).Should().Be(3, "the read finished the merge: the guest's items are not left in the pending key only");
        (await redis.GetDatabase().KeyExistsAsync(PendingKey(guest))).Should().BeFalse();
    }

    [Fact]
    public async Task Writing_the_source_of_a_merge_stopped_after_its_claim_finishes_the_merge_then_starts_a_new_cart()
    {
        var (guest, user) = await TwoCartsAsync();
        await ClaimAsync(guest, user);

        var written = await storage.AddItemAsync(guest, Default, CartData.Item("new", 1));

        written.Items.Select(i => i.Id).Should().Equal("new");
        RedisStores.Quantity(await storage.GetAsync(user, Default)).Should().Be(3);
        (await redis.GetDatabase().KeyExistsAsync(PendingKey(guest))).Should().BeFalse();
    }

    [Fact]
    public async Task A_merge_stopped_after_writing_the_target_only_removes_its_claim_when_finished()
    {
        var (guest, user) = await TwoCartsAsync();
        var pendingKey = new RedisCartKeys(prefix).Pending(new CartKey(guest, Default));
        await ClaimAsync(guest, user);
        var claim = await redis.GetDatabase().KeyDumpAsync(pendingKey);

        // Finish the move, then put the claim back: the state of a crash between the target write and the claim removal.
        await storage.MergeIdentifierAsync(guest, user, Default);
        await redis.GetDatabase().KeyRestoreAsync(pendingKey, claim!);
        var merged = await storage.MergeIdentifierAsync(guest, user, Default);

        RedisStores.Quantity(merged).Should().Be(3, "the target already records this source: it is not added twice");
        (await redis.GetDatabase().KeyExistsAsync(pendingKey)).Should().BeFalse();
    }

    [Fact]
    public async Task A_merge_whose_release_failed_retried_after_a_checkout_of_the_target_brings_nothing_back()
    {
        var (guest, user) = await TwoCartsAsync();
        var merged = await MergeLeavingItsClaimAsync(guest, user, nameof(CartMergeStrategy.AddQuantities), () => storage.MergeIdentifierAsync(guest, user, Default));

        // The user orders the merged cart; then the merge is retried (the login request that failed is sent again).
        await storage.ForgetAsync(user, Default, merged!.ETag);
        var retried = await storage.MergeIdentifierAsync(guest, user, Default);

        retried.Should().BeNull("the guest's items were in the cart that was ordered");
        (await storage.GetAsync(user, Default)).Should().BeNull();
        (await redis.GetDatabase().KeyExistsAsync(PendingKey(guest))).Should().BeFalse();
    }

    [Fact]
    public async Task A_swap_whose_release_failed_retried_after_a_checkout_of_the_target_brings_nothing_back()
    {
        var (guest, user) = await TwoCartsAsync();
        await MergeLeavingItsClaimAsync(guest, user, "swap", () => storage.SwapIdentifierAsync(guest, user, Default));

        await storage.ForgetAsync(user, Default, (await storage.GetAsync(user, Default))!.ETag);
        (await storage.SwapIdentifierAsync(guest, user, Default)).Should().BeTrue("the retry reports the swap it finished");

        (await storage.GetAsync(user, Default)).Should().BeNull();
        (await storage.GetAsync(guest, Default)).Should().BeNull();
    }

    [Fact]
    public async Task A_merge_whose_release_failed_retried_after_the_target_absorbed_many_other_carts_adds_nothing_twice()
    {
        var (guest, user) = await TwoCartsAsync();
        await MergeLeavingItsClaimAsync(guest, user, nameof(CartMergeStrategy.AddQuantities), () => storage.MergeIdentifierAsync(guest, user, Default));
        for (var i = 0; i < 10; i++)
        {
            var other = CartData.NewIdentifier("other");
            await storage.PutItemsAsync(other, Default, [CartData.Item("sku", 1)]);
            await storage.MergeIdentifierAsync(other, user, Default);
        }

        var retried = await storage.MergeIdentifierAsync(guest, user, Default);

        RedisStores.Quantity(retried).Should().Be(1 + 2 + 10, "the guest's 1, the user's 2 and the other carts' 10, each once");
    }

    [Fact]
    public async Task A_swap_stopped_after_its_claim_is_finished_by_the_next_swap()
    {
        var (guest, user) = await TwoCartsAsync();
        await ClaimAsync(guest, user, mode: "swap");

        (await storage.SwapIdentifierAsync(guest, user, Default)).Should().BeTrue();

        RedisStores.Quantity(await storage.GetAsync(user, Default)).Should().Be(1, "a swap replaces the target with the source");
        (await storage.GetAsync(guest, Default)).Should().BeNull();
    }

    /// <summary>
    /// The history checker's strict-mode finding (docs/reliability.md): a swap that failed after its claim must not,
    /// finished later, replace a target written after it returned. Without the target recorded in the claim, the read of
    /// the source below finished the swap and the user's cart lost "added".
    /// </summary>
    [Fact]
    public async Task A_swap_stopped_after_its_claim_is_rolled_back_when_its_target_was_written_since()
    {
        var (guest, user) = await TwoCartsAsync();
        await ClaimAsync(guest, user, mode: "swap");
        await storage.AddItemAsync(user, Default, CartData.Item("added"));

        var source = await storage.GetAsync(guest, Default);

        source!.Items.Select(i => i.Id).Should().Equal(["sku"], "the swap was rolled back: the guest's cart is back");
        (await storage.GetAsync(user, Default))!.Items.Select(i => i.Id).Should().Equal(["sku", "added"]);
        (await storage.GetInstancesAsync(guest)).Should().Equal(Default);
        (await redis.GetDatabase().KeyExistsAsync(PendingKey(guest))).Should().BeFalse();
    }

    [Fact]
    public async Task A_swap_whose_claim_was_rolled_back_swaps_when_called_again()
    {
        var (guest, user) = await TwoCartsAsync();
        await ClaimAsync(guest, user, mode: "swap");
        await storage.AddItemAsync(user, Default, CartData.Item("added"));

        (await storage.SwapIdentifierAsync(guest, user, Default)).Should().BeTrue();

        var swapped = await storage.GetAsync(user, Default);
        swapped!.Items.Select(i => i.Id).Should().Equal(["sku"], "the new swap replaced the target, written before it was called");
        RedisStores.Quantity(swapped).Should().Be(1);
        (await storage.GetAsync(guest, Default)).Should().BeNull();
    }

    [Fact]
    public async Task A_claimed_merge_that_no_longer_fits_the_target_gives_the_source_back_and_throws()
    {
        var small = RedisStores.Create(redis, new CartStorageOptions { KeyPrefix = prefix, Limits = { MaxItems = 2 } });
        var (guest, user) = await TwoCartsAsync();
        await storage.PutItemsAsync(guest, Default, [CartData.Item("other")]);
        await ClaimAsync(guest, user);

        // The target filled up after the claim: the claimed cart no longer fits.
        await storage.AddItemAsync(user, Default, CartData.Item("third"));
        await FluentActions.Awaiting(() => small.MergeIdentifierAsync(guest, user, Default)).Should().ThrowAsync<CartLimitExceededException>();

        (await storage.GetAsync(guest, Default))!.Items.Select(i => i.Id).Should().Equal("other");
        (await storage.GetInstancesAsync(guest)).Should().Equal(Default);
        (await storage.GetAsync(user, Default))!.Items.Select(i => i.Id).Should().Equal("sku", "third");
        (await redis.GetDatabase().KeyExistsAsync(new RedisCartKeys(prefix).Pending(new CartKey(guest, Default)))).Should().BeFalse();
    }

    [Fact]
    public async Task A_writer_racing_a_merge_loses_nothing_its_items_end_in_the_target_or_a_new_guest_cart()
    {
        var (guest, user) = await TwoCartsAsync();
        var acknowledged = 0;
        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < 100; i++)
            {
                await storage.UpdateAsync(guest, Default, c => c with { Items = [.. c.Items.Where(x => x.Id != "sku"), CartData.Item("sku", RedisStores.Quantity(c) + 1)] });
                Interlocked.Increment(ref acknowledged);
            }
        });
        while (Volatile.Read(ref acknowledged) < 20)
        {
            await Task.Delay(1);
        }

        await storage.MergeIdentifierAsync(guest, user, Default);
        await writer;

        var total = RedisStores.Quantity(await storage.GetAsync(user, Default)) + RedisStores.Quantity(await storage.GetAsync(guest, Default));
        total.Should().Be(1 + 2 + 100, "the guest's 1, the user's 2 and every acknowledged increment");
    }

    /// <summary>A guest cart (sku × 1) and a user cart (sku × 2) whose keys live on different cluster nodes.</summary>
    private async Task<(string Guest, string User)> TwoCartsAsync()
    {
        var keys = new RedisCartKeys(prefix);
        var guest = CartData.NewIdentifier("guest");
        string user;
        do
        {
            user = CartData.NewIdentifier();
        }
        while (Node(keys.Cart(new CartKey(user, Default))) == Node(keys.Cart(new CartKey(guest, Default))));

        await storage.PutItemsAsync(guest, Default, [CartData.Item("sku", 1)]);
        await storage.PutItemsAsync(user, Default, [CartData.Item("sku", 2)]);
        return (guest, user);
    }

    private RedisKey PendingKey(string guest) => new RedisCartKeys(prefix).Pending(new CartKey(guest, Default));

    /// <summary>
    /// A move of <paramref name="guest"/> into <paramref name="user"/> whose last step (removing the claim) failed: claimed,
    /// finished by <paramref name="finish"/>, then the claim put back, the state a crash before the release leaves.
    /// </summary>
    private async Task<T> MergeLeavingItsClaimAsync<T>(string guest, string user, string mode, Func<Task<T>> finish)
    {
        await ClaimAsync(guest, user, mode);
        var claim = await redis.GetDatabase().KeyDumpAsync(PendingKey(guest));
        var result = await finish();
        await redis.GetDatabase().KeyRestoreAsync(PendingKey(guest), claim!);
        return result;
    }

    private string Node(RedisKey key) => redis.GetServers()[0].ClusterConfiguration!.GetBySlot(key)!.NodeId;

    private Task ClaimAsync(string guest, string user, string mode = nameof(CartMergeStrategy.AddQuantities)) =>
        RedisStores.ClaimAsync(storage, gateway, guest, user, mode);
}
