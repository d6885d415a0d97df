using System.Text;
using CartStorage.Testing;
using StackExchange.Redis;

namespace CartStorage.Redis.Tests.Store;

/// <summary>
/// The item deltas of <see cref="RedisStorage"/> (one script, no read first): stored text kept byte for byte, limits
/// refused with nothing written, idempotency keys applied once, no conflict under contention, and a cart written
/// without the item-limits tag (0.2 / 0.3) or under other limits goes through the read-modify-write once.
/// </summary>
public sealed class RedisDeltaTests
{
    private const string Instance = RedisStores.Default;

    [Fact]
    public async Task A_delta_keeps_the_exact_text_of_other_items_prices_and_attributes()
    {
        var (redis, storage, prefix) = await CreateAsync();
        var id = CartData.NewIdentifier();
        await storage.PutItemsAsync(id, Instance, [CartData.Item("a", price: 1.5m), CartData.Item("b", price: 2.5m) with { Attributes = new Dictionary<string, System.Text.Json.JsonElement> { ["n"] = CartData.Json("1") } }]);
        // Texts no decimal or double holds exactly: only a splice that never re-encodes them keeps them.
        await EditDocumentAsync(redis, prefix, id, d => d
            .Replace("\"price\":1.5", "\"price\":0.1000000000000000055511151231257827", StringComparison.Ordinal)
            .Replace("\"price\":2.5", "\"price\":12345678901234567.89", StringComparison.Ordinal)
            .Replace("{\"n\":1}", "{\"n\":123456789012345678901234567890.123456789}", StringComparison.Ordinal));

        await storage.AddItemAsync(id, Instance, CartData.Item("c", quantity: 2));
        await storage.ChangeQuantityAsync(id, Instance, "c", 3);
        await storage.ChangeQuantityAsync(id, Instance, "a", 1);
        var stored = await storage.RemoveItemAsync(id, Instance, "c");

        var document = await DocumentAsync(redis, prefix, id);
        document.Should().Contain("\"price\":0.1000000000000000055511151231257827")
            .And.Contain("\"price\":12345678901234567.89")
            .And.Contain("{\"n\":123456789012345678901234567890.123456789}");
        stored.Version.Should().Be(5);
        stored.Items.Select(i => (i.Id, i.Quantity)).Should().Equal(("a", 2), ("b", 1));
    }

    [Fact]
    public async Task A_delta_writes_what_the_serializer_writes_for_the_same_cart()
    {
        var (redis, storage, prefix) = await CreateAsync();
        var id = CartData.NewIdentifier();
        await storage.PutBothAsync(id, Instance, [CartData.RichItem("r"), CartData.Item("x")], [CartData.Condition("Shipping")]);
        await storage.PutMetadataAsync(id, Instance, "coupon", CartData.Json("\"SAVE10\""));

        CartSnapshot stored = (await storage.GetAsync(id, Instance))!;
        foreach (var step in new Func<Task<CartSnapshot>>[]
        {
            () => storage.AddItemAsync(id, Instance, CartData.RichItem("r2"), idempotencyKey: "k\"1☕"),
            () => storage.AddItemAsync(id, Instance, CartData.Item("x", quantity: 4), idempotencyKey: "k2"),
            () => storage.ChangeQuantityAsync(id, Instance, "r", -1),
            () => storage.ChangeQuantityAsync(id, Instance, "x", -5),
            () => storage.RemoveItemAsync(id, Instance, "r"),
            () => storage.RemoveItemAsync(id, Instance, "r2", idempotencyKey: "k3"),
        })
        {
            var before = stored.Version;
            stored = await step();
            stored.Version.Should().Be(before + 1);
            var expected = new CartSerializer(new CartLimitsOptions()).Serialize(StoredCart.Of(stored));
            Encoding.UTF8.GetString(expected).Should().Be(await DocumentAsync(redis, prefix, id), "the splice produces the serializer's own text, so its length is the size the limit measures");
        }

        stored.Items.Should().BeEmpty();
        stored.IdempotencyKeys.Should().Equal("k\"1☕", "k2", "k3");
    }

    [Fact]
    public async Task A_refused_delta_writes_nothing_and_throws_what_the_read_modify_write_throws()
    {
        var (redis, probe, prefix) = await CreateAsync();
        var big = CartData.Item("big") with { Name = new string('n', 200), Attributes = Enumerable.Range(0, 12).ToDictionary(i => $"k{i}", _ => CartData.Json("\"" + new string('v', 100) + "\"")) };
        var alone = CartData.NewIdentifier();
        await probe.AddItemAsync(alone, Instance, big);
        // Room for a cart holding only the big item, not for it beside another one: the script's own size check refuses it.
        var size = (await DocumentAsync(redis, prefix, alone)).Length + 20;
        var limits = new CartLimitsOptions { MaxItems = 2, MaxItemQuantity = 10, MaxDataSizeBytes = size };
        var storage = RedisStores.Create(redis, new CartStorageOptions { KeyPrefix = prefix, Limits = limits });
        var id = CartData.NewIdentifier();
        await storage.AddItemAsync(id, Instance, CartData.Item("a", quantity: 9));
        await storage.AddItemAsync(id, Instance, CartData.Item("b"));
        var before = await DumpAsync(redis, prefix, id);

        (await Refused(() => storage.AddItemAsync(id, Instance, CartData.Item("c")))).LimitName.Should().Be("Cart:Limits:MaxItems");
        (await Refused(() => storage.AddItemAsync(id, Instance, CartData.Item("a", quantity: 2)))).LimitName.Should().Be("Cart:Limits:MaxItemQuantity");
        (await Refused(() => storage.ChangeQuantityAsync(id, Instance, "a", 2))).Message.Should().Be("Items[0].Quantity 11 is above Cart:Limits:MaxItemQuantity 10.");
        await storage.RemoveItemAsync(id, Instance, "b");
        before = await DumpAsync(redis, prefix, id);
        (await Refused(() => storage.AddItemAsync(id, Instance, big))).LimitName.Should().Be("Cart:Limits:MaxDataSizeBytes");
        await FluentActions.Awaiting(() => storage.ChangeQuantityAsync(id, Instance, "missing", 1)).Should().ThrowAsync<ArgumentException>().WithMessage("The cart has no item 'missing' to add 1 to*");

        (await DumpAsync(redis, prefix, id)).Should().Equal(before, "a refused delta writes nothing");

        async Task<CartLimitExceededException> Refused(Func<Task> delta)
        {
            var e = (await FluentActions.Awaiting(delta).Should().ThrowAsync<CartLimitExceededException>()).Which;
            (await DumpAsync(redis, prefix, id)).Should().Equal(before, "a refused delta writes nothing");
            return e;
        }
    }

    [Fact]
    public async Task A_limit_lowered_since_the_cart_was_written_refuses_a_delta_on_another_item_as_an_update_does()
    {
        var (redis, storage, prefix) = await CreateAsync();
        var id = CartData.NewIdentifier();
        await storage.AddItemAsync(id, Instance, CartData.Item("a", quantity: 50));
        var stricter = RedisStores.Create(redis, new CartStorageOptions { KeyPrefix = prefix, Limits = new CartLimitsOptions { MaxItemQuantity = 10 } });
        var before = await DumpAsync(redis, prefix, id);

        await FluentActions.Awaiting(() => stricter.AddItemAsync(id, Instance, CartData.Item("b")))
            .Should().ThrowAsync<CartLimitExceededException>().WithMessage("Items[0].Quantity 50 is above*");
        (await DumpAsync(redis, prefix, id)).Should().Equal(before);
    }

    [Fact]
    public async Task An_idempotency_key_applies_a_delta_once_even_when_duplicates_race()
    {
        var (redis, storage, prefix) = await CreateAsync();
        var id = CartData.NewIdentifier();
        var first = await storage.AddItemAsync(id, Instance, CartData.Item("a"), idempotencyKey: "once");
        var again = await storage.AddItemAsync(id, Instance, CartData.Item("a"), idempotencyKey: "once");
        again.Version.Should().Be(first.Version);
        again.ETag.Should().Be(first.ETag);

        var racers = Enumerable.Range(0, 8).Select(_ => RedisStores.Create(redis, prefix)).ToArray();
        await Task.WhenAll(racers.Select(s => Task.Run(() => s.ChangeQuantityAsync(id, Instance, "a", 5, idempotencyKey: "raced"))));
        var stored = (await storage.GetAsync(id, Instance))!;
        RedisStores.Quantity(stored, "a").Should().Be(6);
        stored.Version.Should().Be(2);
    }

    [Fact]
    public async Task A_cart_remembers_only_the_last_keys_of_the_limit()
    {
        var (redis, _, prefix) = await CreateAsync();
        var storage = RedisStores.Create(redis, new CartStorageOptions { KeyPrefix = prefix, Limits = new CartLimitsOptions { IdempotencyKeys = 2 } });
        var id = CartData.NewIdentifier();
        foreach (var key in new[] { "k1", "k2", "k3" })
        {
            await storage.AddItemAsync(id, Instance, CartData.Item("a"), idempotencyKey: key);
        }

        (await storage.GetAsync(id, Instance))!.IdempotencyKeys.Should().Equal("k2", "k3");
        RedisStores.Quantity(await storage.AddItemAsync(id, Instance, CartData.Item("a"), idempotencyKey: "k1"), "a").Should().Be(4, "k1 was forgotten");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Eight_writers_of_25_changes_on_one_cart_never_conflict_and_sum_exactly(bool cluster)
    {
        var writers = await OneAttemptWritersAsync(cluster);
        var id = CartData.NewIdentifier();
        await writers[0].AddItemAsync(id, Instance, CartData.Item("a"));

        await EachWrites25TimesAsync(writers, w => w.ChangeQuantityAsync(id, Instance, "a", 1));

        var stored = (await writers[0].GetAsync(id, Instance))!;
        RedisStores.Quantity(stored, "a").Should().Be(201);
        stored.Version.Should().Be(201);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Eight_writers_adding_to_a_cart_that_does_not_exist_yet_never_conflict_and_sum_exactly(bool cluster)
    {
        // A writer that lost the creation and retried a read-modify-write against the others' deltas would conflict.
        var writers = await OneAttemptWritersAsync(cluster);
        var id = CartData.NewIdentifier();

        await EachWrites25TimesAsync(writers, w => w.AddItemAsync(id, Instance, CartData.Item("a")));

        RedisStores.Quantity(await writers[0].GetAsync(id, Instance), "a").Should().Be(200);
    }

    [Fact]
    public async Task A_delta_on_a_cart_with_a_pending_move_finishes_the_move_first()
    {
        var (redis, storage, prefix) = await CreateAsync();
        var guest = CartData.NewIdentifier("guest");
        var user = CartData.NewIdentifier();
        await storage.AddItemAsync(guest, Instance, CartData.Item("sku", quantity: 3));
        await RedisStores.ClaimAsync(storage, RedisStores.Gateway(redis, prefix), guest, user);

        var after = await storage.AddItemAsync(guest, Instance, CartData.Item("sku", quantity: 2));

        RedisStores.Quantity(after).Should().Be(2, "the claimed cart went to the user; the add starts a new cart");
        RedisStores.Quantity(await storage.GetAsync(user, Instance)).Should().Be(3);
    }

    [Fact]
    public async Task Deltas_racing_merges_and_checkouts_of_the_same_cart_apply_exactly_once()
    {
        var (_, storage, _) = await CreateAsync();
        for (var round = 0; round < 10; round++)
        {
            var guest = CartData.NewIdentifier("guest");
            var user = CartData.NewIdentifier();
            await storage.AddItemAsync(guest, Instance, CartData.Item("sku"));
            var checkedOut = 0;
            var adds = Enumerable.Range(0, 20).Select(_ => Task.Run(() => storage.AddItemAsync(guest, Instance, CartData.Item("sku")))).ToList();
            var merge = Task.Run(async () =>
            {
                try
                {
                    await storage.MergeIdentifierAsync(guest, user, Instance);
                }
                catch (CartConflictException)
                {
                    // The adds kept changing the source: nothing moved, which the sum below covers too.
                }
            });
            var checkout = Task.Run(async () =>
            {
                var cart = await storage.GetAsync(user, Instance);
                if (cart is not null)
                {
                    try
                    {
                        await storage.ForgetAsync(user, Instance, cart.ETag);
                        checkedOut = RedisStores.Quantity(cart);
                    }
                    catch (CartConflictException)
                    {
                    }
                }
            });
            await Task.WhenAll([.. adds, merge, checkout]);

            var total = RedisStores.Quantity(await storage.GetAsync(guest, Instance)) + RedisStores.Quantity(await storage.GetAsync(user, Instance)) + checkedOut;
            total.Should().Be(21, $"every add lands once, in the guest cart, in the merged one, or in the checked-out one (round {round})");
        }
    }

    [Fact]
    public async Task A_cart_written_before_the_limits_tag_is_upgraded_by_its_first_delta_then_takes_one_round_trip()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(TestServers.RedisEndpoint);
        var prefix = "dl" + Guid.NewGuid().ToString("N")[..8];
        var storage = RedisStores.Create(redis, prefix);
        var id = CartData.NewIdentifier();
        await storage.AddItemAsync(CartData.NewIdentifier(), Instance, CartData.Item("warm-up")); // the script is known to the server
        await storage.PutItemsAsync(id, Instance, [CartData.Item("a"), CartData.Item("b")]);
        // The layout of 0.2: a hash of v and d only (no id field i, no item-limits tag l).
        await redis.GetDatabase().HashDeleteAsync(CartKey(prefix, id), ["i", "l"]);
        var session = new StackExchange.Redis.Profiling.ProfilingSession();
        redis.RegisterProfiler(() => session);

        await storage.ChangeQuantityAsync(id, Instance, "a", 1);
        session.FinishProfiling().Select(c => c.Command).Should().Equal("EVALSHA", "HMGET", "EXISTS", "EVALSHA");
        (await redis.GetDatabase().HashGetAsync(CartKey(prefix, id), "l")).ToString().Should().EndWith(":2");
        session.FinishProfiling();

        var stored = await storage.ChangeQuantityAsync(id, Instance, "a", 1);
        session.FinishProfiling().Select(c => c.Command).Should().Equal("EVALSHA");
        RedisStores.Quantity(stored, "a").Should().Be(3);
        stored.Version.Should().Be(3);
    }

    /// <summary>Eight storages of one prefix with one attempt each: a writer that had to retry throws CartConflictException.</summary>
    private static async Task<RedisStorage[]> OneAttemptWritersAsync(bool cluster)
    {
        var redis = cluster ? await TestServers.RedisClusterAsync() : await TestServers.RedisAsync();
        var prefix = "dw" + Guid.NewGuid().ToString("N")[..8];
        return [.. Enumerable.Range(0, 8).Select(_ => RedisStores.Create(redis, new CartStorageOptions { KeyPrefix = prefix }, new CartRedisOptions { Retry = { MaxAttempts = 1 } }))];
    }

    private static Task EachWrites25TimesAsync(RedisStorage[] writers, Func<RedisStorage, Task> write) =>
        Task.WhenAll(writers.Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 25; i++)
            {
                await write(w);
            }
        })));

    private static async Task<(IConnectionMultiplexer Redis, RedisStorage Storage, string Prefix)> CreateAsync()
    {
        var redis = await TestServers.RedisAsync();
        var prefix = "d" + Guid.NewGuid().ToString("N")[..10];
        return (redis, RedisStores.Create(redis, prefix), prefix);
    }

    private static RedisKey CartKey(string prefix, string id) => new RedisCartKeys(prefix).Cart(new CartKey(id, Instance));

    private static async Task<string> DocumentAsync(IConnectionMultiplexer redis, string prefix, string id) =>
        (await redis.GetDatabase().HashGetAsync(CartKey(prefix, id), "d")).ToString();

    private static async Task EditDocumentAsync(IConnectionMultiplexer redis, string prefix, string id, Func<string, string> edit)
    {
        var document = await DocumentAsync(redis, prefix, id);
        var edited = edit(document);
        edited.Should().NotBe(document);
        await redis.GetDatabase().HashSetAsync(CartKey(prefix, id), "d", edited);
    }

    private static async Task<byte[]> DumpAsync(IConnectionMultiplexer redis, string prefix, string id) =>
        (await redis.GetDatabase().KeyDumpAsync(CartKey(prefix, id)))!;
}
