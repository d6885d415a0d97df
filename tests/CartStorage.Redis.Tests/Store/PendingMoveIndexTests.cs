using CartStorage.Testing;
using StackExchange.Redis;

namespace CartStorage.Redis.Tests.Store;

/// <summary>
/// A swap or merge stopped after its claim (the guest's cart is in its pending key only, not in the instance index):
/// <see cref="ICartStorage.GetInstancesAsync"/> and <see cref="ICartStorage.ForgetIdentifierAsync"/> of the guest find
/// it through the pending index and finish it first. One thin subclass per topology.
/// </summary>
public abstract class PendingMoveIndexTests : IAsyncLifetime
{
    private const string Default = RedisStores.Default;
    private readonly string prefix = "p" + Guid.NewGuid().ToString("N")[..12];
    private IConnectionMultiplexer redis = null!;
    private RedisStorage storage = null!;
    private RedisCartStore gateway = null!;

    private RedisCartKeys Keys => new(prefix);

    public async Task InitializeAsync()
    {
        redis = await ConnectAsync();
        storage = RedisStores.Create(redis, prefix);
        gateway = RedisStores.Gateway(redis, prefix);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Listing_the_source_of_a_merge_stopped_after_its_claim_finishes_the_merge_and_lists_what_is_left()
    {
        var (guest, user) = await TwoCartsAsync();
        await storage.PutItemsAsync(guest, "wishlist", [CartData.Item("book")]);
        await RedisStores.ClaimAsync(storage, gateway, guest, user);

        (await storage.GetInstancesAsync(guest)).Should().Equal(["wishlist"], "the claimed cart went to the user's");

        (await redis.GetDatabase().KeyExistsAsync(PendingKey(guest))).Should().BeFalse("the listing finished the merge");
        (await redis.GetDatabase().KeyExistsAsync(Keys.PendingIndex(guest))).Should().BeFalse();
        RedisStores.Quantity(await storage.GetAsync(user, Default)).Should().Be(3, "the guest's items are in the user's cart, not left in the pending key");
    }

    [Fact]
    public async Task Listing_the_source_of_a_claimed_merge_that_no_longer_fits_lists_the_cart_given_back()
    {
        var (small, guest, user) = await ClaimedMergeThatNoLongerFitsAsync();

        (await small.GetInstancesAsync(guest)).Should().Equal([Default], "the merge no longer fits the user's cart: the guest's cart is the guest's again");

        (await redis.GetDatabase().KeyExistsAsync(PendingKey(guest))).Should().BeFalse();
        (await storage.GetAsync(guest, Default))!.Items.Select(i => i.Id).Should().Equal("other");
        (await storage.GetAsync(user, Default))!.Items.Select(i => i.Id).Should().Equal("sku", "third");
    }

    [Fact]
    public async Task Listing_the_source_of_a_swap_stopped_after_its_claim_finishes_the_swap()
    {
        var (guest, user) = await TwoCartsAsync();
        await RedisStores.ClaimAsync(storage, gateway, guest, user, mode: "swap");

        (await storage.GetInstancesAsync(guest)).Should().BeEmpty();

        (await redis.GetDatabase().KeyExistsAsync(PendingKey(guest))).Should().BeFalse("the listing finished the swap");
        RedisStores.Quantity(await storage.GetAsync(user, Default)).Should().Be(1, "a swap replaces the target with the source");
    }

    [Fact]
    public async Task Forgetting_the_source_of_a_merge_stopped_after_its_claim_finishes_the_merge_then_leaves_no_key_of_the_guest()
    {
        var (guest, user) = await TwoCartsAsync();
        await storage.PutItemsAsync(guest, "wishlist", [CartData.Item("book")]);
        await RedisStores.ClaimAsync(storage, gateway, guest, user);

        await storage.ForgetIdentifierAsync(guest);

        (await GuestKeysAsync(guest)).Should().BeEmpty("no cart, pending move or index of the guest is left behind");
        RedisStores.Quantity(await storage.GetAsync(user, Default)).Should().Be(3, "the claimed merge was finished, not thrown away");
    }

    [Fact]
    public async Task Forgetting_the_source_of_a_claimed_merge_that_no_longer_fits_removes_the_cart_given_back()
    {
        var (small, guest, user) = await ClaimedMergeThatNoLongerFitsAsync();

        await small.ForgetIdentifierAsync(guest);

        (await GuestKeysAsync(guest)).Should().BeEmpty();
        (await storage.GetAsync(guest, Default)).Should().BeNull();
        (await storage.GetAsync(user, Default))!.Items.Select(i => i.Id).Should().Equal("sku", "third");
    }

    [Fact]
    public async Task Forgetting_the_source_of_a_claimed_merge_that_can_neither_finish_nor_go_back_removes_it_and_the_new_cart()
    {
        var (small, guest, user) = await ClaimedMergeThatNoLongerFitsAsync();
        var db = redis.GetDatabase();

        // A cart in the source's place again (written without finishing the move): the merge cannot give the claimed cart back.
        var cartKey = Keys.Cart(new CartKey(guest, Default));
        await db.KeyRestoreAsync(cartKey, (await db.KeyDumpAsync(PendingKey(guest)))!);
        await db.HashDeleteAsync(cartKey, ["a", "t", "m"]);
        await db.HashSetAsync(Keys.Index(guest), Default, Default);
        await small.ForgetIdentifierAsync(guest);

        (await GuestKeysAsync(guest)).Should().BeEmpty("the pending move that could not finish is the guest's, and goes with it");
        (await storage.GetAsync(user, Default))!.Items.Select(i => i.Id).Should().Equal("sku", "third");
    }

    [Fact]
    public async Task A_pending_move_that_expired_is_dropped_from_the_pending_index_by_the_listing()
    {
        var (guest, user) = await TwoCartsAsync();
        await RedisStores.ClaimAsync(storage, gateway, guest, user);
        await redis.GetDatabase().KeyDeleteAsync(PendingKey(guest));

        (await storage.GetInstancesAsync(guest)).Should().BeEmpty();

        (await redis.GetDatabase().KeyExistsAsync(Keys.PendingIndex(guest))).Should().BeFalse();
        RedisStores.Quantity(await storage.GetAsync(user, Default)).Should().Be(2, "nothing was left to move");
    }

    [Fact]
    public async Task The_pending_index_expires_no_sooner_than_the_pending_move_and_a_flush_removes_it()
    {
        var (guest, user) = await TwoCartsAsync();
        await RedisStores.ClaimAsync(storage, gateway, guest, user);

        var db = redis.GetDatabase();
        (await db.KeyTimeToLiveAsync(Keys.PendingIndex(guest))).Should().BeGreaterThanOrEqualTo((await db.KeyTimeToLiveAsync(PendingKey(guest)))!.Value);

        await storage.FlushAsync();
        (await db.KeyExistsAsync(Keys.PendingIndex(guest))).Should().BeFalse();
    }

    protected abstract Task<IConnectionMultiplexer> ConnectAsync();

    /// <summary>A guest cart (sku × 1) and a user cart (sku × 2).</summary>
    private async Task<(string Guest, string User)> TwoCartsAsync()
    {
        var guest = CartData.NewIdentifier("guest");
        var user = CartData.NewIdentifier("user");
        await storage.PutItemsAsync(guest, Default, [CartData.Item("sku", 1)]);
        await storage.PutItemsAsync(user, Default, [CartData.Item("sku", 2)]);
        return (guest, user);
    }

    /// <summary>
    /// A merge of the guest's cart (other) into the user's (sku) claimed, then the user's cart grown (sku, third) so the
    /// merge no longer fits a storage with <c>MaxItems = 2</c>, which is returned.
    /// </summary>
    private async Task<(RedisStorage Small, string Guest, string User)> ClaimedMergeThatNoLongerFitsAsync()
    {
        var small = RedisStores.Create(redis, new CartStorageOptions { KeyPrefix = prefix, Limits = { MaxItems = 2 } });
        var (guest, user) = await TwoCartsAsync();
        await storage.PutItemsAsync(guest, Default, [CartData.Item("other")]);
        await RedisStores.ClaimAsync(storage, gateway, guest, user);
        await storage.AddItemAsync(user, Default, CartData.Item("third"));
        return (small, guest, user);
    }

    private RedisKey PendingKey(string guest) => Keys.Pending(new CartKey(guest, Default));

    /// <summary>Every key of the guest's hash slot this storage wrote (the guest's keys share one slot, one node).</summary>
    private async Task<IReadOnlyList<RedisKey>> GuestKeysAsync(string guest)
    {
        var server = redis.GetServer((await redis.GetDatabase().IdentifyEndpointAsync(Keys.Index(guest)))!);
        var found = new List<RedisKey>();
        await foreach (var key in server.KeysAsync(pattern: $"{prefix}:{{{CartKeyEncoder.Encode(guest)}}}:*"))
        {
            found.Add(key);
        }

        return found;
    }
}

/// <summary>Pending moves seen by the listing and the forgetting of an identifier, on a single redis-server.</summary>
public sealed class PendingMoveIndexSingleServerTests : PendingMoveIndexTests
{
    protected override Task<IConnectionMultiplexer> ConnectAsync() => TestServers.RedisAsync();
}

/// <summary>Pending moves seen by the listing and the forgetting of an identifier, on a 3-primary Redis Cluster.</summary>
public sealed class PendingMoveIndexClusterTests : PendingMoveIndexTests
{
    protected override Task<IConnectionMultiplexer> ConnectAsync() => TestServers.RedisClusterAsync();
}
