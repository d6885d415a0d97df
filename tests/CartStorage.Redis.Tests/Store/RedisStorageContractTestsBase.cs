using CartStorage.Testing;
using StackExchange.Redis;

namespace CartStorage.Redis.Tests.Store;

/// <summary>
/// The contract suite and the Redis-specific behaviour of <see cref="RedisStorage"/>; one thin subclass per topology
/// (single server, cluster).
/// </summary>
public abstract class RedisStorageContractTestsBase : CartStorageContractTests
{
    protected IConnectionMultiplexer Redis { get; private set; } = null!;

    private RedisCartKeys Keys => new(Options.KeyPrefix);

    private IDatabase Db => Redis.GetDatabase();

    public override async Task InitializeAsync()
    {
        Redis = await ConnectAsync();
        await base.InitializeAsync();
    }

    protected abstract Task<IConnectionMultiplexer> ConnectAsync();

    protected override Task<ICartStorage> CreateStorageAsync(CartStorageOptions options) =>
        Task.FromResult<ICartStorage>(RedisStores.Create(Redis, options));

    /// <summary>Plants <paramref name="raw"/> as the document of a cart hash at version 1, where RedisStorage keeps it.</summary>
    protected override Task StoreRawAsync(string identifier, string instance, string raw) =>
        Db.HashSetAsync(Keys.Cart(new CartKey(identifier, instance)), [new HashEntry("v", 1), new HashEntry("d", raw)]);

    [Fact]
    public void The_store_checks_versions_itself_without_a_lock()
    {
        Storage.Capabilities.Should().Be(new CartStorageCapabilities("redis", SafeAcrossServers: true, StoreEnforcedVersionCheck: true, Locking: false));
    }

    [Fact]
    public async Task A_cart_key_holding_another_redis_type_is_corruption_and_is_never_overwritten()
    {
        var id = CartData.NewIdentifier();
        var key = Keys.Cart(new CartKey(id, Default));
        await Db.StringSetAsync(key, "an application's own value");

        await FluentActions.Awaiting(() => Storage.GetAsync(id, Default)).Should().ThrowAsync<CartDataCorruptedException>();
        await FluentActions.Awaiting(() => Storage.PutItemsAsync(id, Default, [CartData.Item("a")])).Should().ThrowAsync<CartDataCorruptedException>();
        await FluentActions.Awaiting(() => Storage.SaveAsync(id, Default, CartSnapshot.Empty)).Should().ThrowAsync<CartDataCorruptedException>();
        await FluentActions.Awaiting(() => Storage.ForgetAsync(id, Default, CartSnapshot.Empty.ETag)).Should().ThrowAsync<CartDataCorruptedException>();
        ((string?)await Db.StringGetAsync(key)).Should().Be("an application's own value");

        await Storage.ForgetAsync(id, Default);
        (await Db.KeyExistsAsync(key)).Should().BeFalse();
    }

    [Theory]
    [InlineData("d")]
    [InlineData("v")]
    public async Task A_cart_hash_missing_its_version_or_document_is_corruption(string missing)
    {
        var id = CartData.NewIdentifier();
        await Storage.PutItemsAsync(id, Default, [CartData.Item("a")]);
        await Db.HashDeleteAsync(Keys.Cart(new CartKey(id, Default)), missing);

        await FluentActions.Awaiting(() => Storage.GetAsync(id, Default)).Should().ThrowAsync<CartDataCorruptedException>();
        await FluentActions.Awaiting(() => Storage.PutItemsAsync(id, Default, [CartData.Item("b")])).Should().ThrowAsync<CartDataCorruptedException>();
    }

    [Fact]
    public async Task A_version_field_that_disagrees_with_the_document_is_corruption()
    {
        var id = CartData.NewIdentifier();
        await Storage.PutItemsAsync(id, Default, [CartData.Item("a")]);
        await Db.HashSetAsync(Keys.Cart(new CartKey(id, Default)), "v", 5);

        await FluentActions.Awaiting(() => Storage.GetAsync(id, Default)).Should().ThrowAsync<CartDataCorruptedException>();
    }

    [Fact]
    public void Every_key_of_an_identifier_shares_one_hash_slot()
    {
        var identifier = "we{ir}d:id*";
        var slot = Redis.HashSlot(Keys.Cart(new CartKey(identifier, "a")));

        Redis.HashSlot(Keys.Cart(new CartKey(identifier, "b:c{")))
            .Should().Be(slot);
        Redis.HashSlot(Keys.Index(identifier)).Should().Be(slot);
        Redis.HashSlot(Keys.Pending(new CartKey(identifier, "a"))).Should().Be(slot);
        Redis.HashSlot(Keys.PendingIndex(identifier)).Should().Be(slot);
    }

    [Fact]
    public async Task A_write_sets_the_ttl_on_the_cart_and_its_index_and_refreshes_it()
    {
        var storage = RedisStores.Create(Redis, Options, new CartRedisOptions { Ttl = TimeSpan.FromMinutes(10) });
        var id = CartData.NewIdentifier();
        var key = Keys.Cart(new CartKey(id, Default));

        await storage.PutItemsAsync(id, Default, [CartData.Item("a")]);
        await Db.KeyExpireAsync(key, TimeSpan.FromMinutes(1));
        await storage.PutMetadataAsync(id, Default, "k", CartData.Json("1"));

        var ttl = await Db.KeyTimeToLiveAsync(key);
        ttl!.Value.Should().BeGreaterThan(TimeSpan.FromMinutes(9)).And.BeLessThanOrEqualTo(TimeSpan.FromMinutes(10));
        (await Db.KeyExpireTimeAsync(Keys.Index(id))).Should().BeOnOrAfter((await Db.KeyExpireTimeAsync(key))!.Value, "the index outlives the carts it lists");
    }

    [Fact]
    public async Task An_expired_cart_leaves_the_instance_list_with_it()
    {
        var id = CartData.NewIdentifier();
        await Storage.PutItemsAsync(id, Default, [CartData.Item("a")]);
        await Storage.PutItemsAsync(id, "wishlist", [CartData.Item("b")]);

        // Expire one cart the way Redis does at the end of its TTL.
        var expiring = Keys.Cart(new CartKey(id, "wishlist"));
        await Db.KeyExpireAsync(expiring, TimeSpan.FromMilliseconds(1));
        while (await Db.KeyExistsAsync(expiring))
        {
            await Task.Delay(5);
        }

        (await Storage.GetInstancesAsync(id)).Should().Equal(Default);
        (await Db.HashKeysAsync(Keys.Index(id))).Select(k => (string)k!).Should().Equal(Default);
    }

    [Fact]
    public async Task Flush_removes_this_storages_keys_on_every_primary_and_leaves_other_keys_alone()
    {
        var ids = Enumerable.Range(0, 40).Select(i => CartData.NewIdentifier()).ToList();
        foreach (var id in ids)
        {
            await Storage.PutItemsAsync(id, Default, [CartData.Item("a")]);
        }

        var neighbour = RedisStores.Create(Redis, "n" + Guid.NewGuid().ToString("N")[..12]);
        await neighbour.PutItemsAsync(ids[0], Default, [CartData.Item("kept")]);
        var foreign = $"app:{{{ids[1]}}}:{Options.KeyPrefix}";
        await Db.StringSetAsync(foreign, "keep me");

        await Storage.FlushAsync();

        foreach (var id in ids)
        {
            (await Storage.GetAsync(id, Default)).Should().BeNull();
            (await Storage.GetInstancesAsync(id)).Should().BeEmpty();
        }

        var left = 0;
        foreach (var server in Redis.GetServers().Where(s => !s.IsReplica))
        {
            left += await server.KeysAsync(pattern: Options.KeyPrefix + ":*").CountAsync();
        }

        left.Should().Be(0);
        ((string?)await Db.StringGetAsync(foreign)).Should().Be("keep me");
        (await neighbour.GetItemsAsync(ids[0], Default)).Select(i => i.Id).Should().Equal("kept");
    }
}
