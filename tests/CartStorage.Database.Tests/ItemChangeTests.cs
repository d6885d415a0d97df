using System.Globalization;
using CartStorage.Testing;

namespace CartStorage.Database.Tests;

/// <summary>
/// Item changes in one statement (<see cref="CartSqlDialect.ItemChange"/>): one command, the exact text of stored values
/// kept, every limit refused with the row untouched and the same exception as the read-modify-write path, idempotency keys.
/// </summary>
public abstract class ItemChangeTests(TestDatabase database) : DatabaseTests(database)
{
    [Theory]
    [InlineData(true, 1)]
    [InlineData(false, 2)]
    public async Task Each_item_change_is_one_command(bool statement, int commandsPerChange)
    {
        // Without the statement (the read-modify-write of 0.3) each change reads, then writes: the count can tell.
        var id = CartData.NewIdentifier();
        await Database.CreateStorage().AddItemAsync(id, Default, CartData.Item("a"));
        await using var inner = Database.CreateDataSource();
        await using var counting = new CommandCountingDataSource(inner);
        var storage = Database.CreateStorage(o => o.CreateTable = false, dataSource: counting, dialect: statement ? Database.Dialect : new NoItemChangeDialect(Database.Dialect));

        await storage.AddItemAsync(id, Default, CartData.Item("b"));
        await storage.ChangeQuantityAsync(id, Default, "b", 2);
        await storage.RemoveItemAsync(id, Default, "a");
        await storage.AddItemAsync(CartData.NewIdentifier(), Default, CartData.Item("c"), idempotencyKey: "k");

        counting.Executed.Should().Be(4 * commandsPerChange);
        var cart = (await storage.GetAsync(id, Default))!;
        cart.Items.Should().ContainSingle().Which.Should().Match<CartItem>(i => i.Id == "b" && i.Quantity == 3);
        cart.Version.Should().Be(4);
    }

    [Fact]
    public async Task A_change_stamps_the_cart_like_an_update()
    {
        var id = CartData.NewIdentifier();
        var time = new ManualTime(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(1234567));
        var storage = Database.CreateStorage(timeProvider: time);

        var created = await storage.AddItemAsync(id, Default, CartData.Item("a"));
        time.Now = time.Now.AddMinutes(1);
        var changed = await storage.ChangeQuantityAsync(id, Default, "a", 1);

        created.Version.Should().Be(1);
        created.CreatedAt.Should().Be(created.UpdatedAt).And.Be(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(1234560));
        changed.Id.Should().Be(created.Id);
        changed.Version.Should().Be(2);
        changed.CreatedAt.Should().Be(created.CreatedAt);
        changed.UpdatedAt.Should().Be(created.UpdatedAt!.Value.AddMinutes(1));
        changed.ETag.Should().NotBe(created.ETag);
        (await storage.GetAsync(id, Default)).Should().BeEquivalentTo(changed);
    }

    [Fact]
    public async Task Prices_and_attribute_numbers_keep_their_exact_text_through_changes_of_another_item()
    {
        // Regression guard: the statement changes one item in place; the others keep the text the serializer wrote.
        var id = CartData.NewIdentifier();
        var storage = Database.CreateStorage();
        await storage.PutItemsAsync(id, Default, [new CartItem
        {
            Id = "big",
            Name = "Big \"one\" ☕ <b>",
            Price = 12345678901234567.89m,
            Quantity = 1,
            Attributes = new Dictionary<string, System.Text.Json.JsonElement>
            {
                ["weight"] = CartData.Json("1.50"),
                ["serial"] = CartData.Json("12345678901234567890.123456789"),
                ["nested"] = CartData.Json("{\"z\":[0.10,2.000]}"),
            },
        }]);

        await storage.AddItemAsync(id, Default, CartData.Item("b", price: 0.10m));
        await storage.ChangeQuantityAsync(id, Default, "b", 2);
        await storage.AddItemAsync(id, Default, CartData.Item("c"));
        await storage.RemoveItemAsync(id, Default, "c");

        var items = (await Database.CreateStorage().GetItemsAsync(id, Default)).ToDictionary(i => i.Id);
        items["big"].Price.ToString(CultureInfo.InvariantCulture).Should().Be("12345678901234567.89");
        items["big"].Name.Should().Be("Big \"one\" ☕ <b>");
        items["big"].Attributes["weight"].GetRawText().Should().Be("1.50");
        items["big"].Attributes["serial"].GetRawText().Should().Be("12345678901234567890.123456789");
        items["big"].Attributes["nested"].GetProperty("z")[0].GetRawText().Should().Be("0.10");
        items["big"].Attributes["nested"].GetProperty("z")[1].GetRawText().Should().Be("2.000");
        items["b"].Price.ToString(CultureInfo.InvariantCulture).Should().Be("0.10");
        items["b"].Quantity.Should().Be(3);
    }

    public static TheoryData<string> Limits => new() { "MaxItems", "MaxItemQuantity by add", "MaxItemQuantity by change", "MaxDataSizeBytes", "MaxStringLength lowered" };

    [Theory]
    [MemberData(nameof(Limits))]
    public async Task A_change_beyond_a_limit_writes_nothing_and_throws_what_the_update_throws(string limit)
    {
        var id = CartData.NewIdentifier();
        await Database.CreateStorage().PutItemsAsync(id, Default, [CartData.Item("a", quantity: 8) with { Name = new string('n', 40) }, CartData.Item("b")]);
        var size = await SizeAsync(id);
        var options = new CartStorageOptions();
        Func<ICartStorage, Task> change = limit switch
        {
            "MaxItems" => s => s.AddItemAsync(id, Default, CartData.Item("c")),
            "MaxItemQuantity by add" => s => s.AddItemAsync(id, Default, CartData.Item("a", quantity: 3)),
            "MaxItemQuantity by change" => s => s.ChangeQuantityAsync(id, Default, "a", 3),
            "MaxDataSizeBytes" => s => s.AddItemAsync(id, Default, CartData.Item("c")),
            _ => s => s.ChangeQuantityAsync(id, Default, "b", 1),
        };
        options.Limits.MaxItems = limit == "MaxItems" ? 2 : 1000;
        options.Limits.MaxItemQuantity = 10;
        options.Limits.MaxDataSizeBytes = limit == "MaxDataSizeBytes" ? size + 10 : 1 << 20;
        options.Limits.MaxStringLength = limit == "MaxStringLength lowered" ? 30 : 255;
        var database = new CartDatabaseOptions { Table = Database.Table };
        var before = await RowAsync(id);

        var thrown = await FluentActions.Awaiting(() => change(Database.CreateStorage(options, database))).Should().ThrowAsync<CartLimitExceededException>();

        (await RowAsync(id)).Should().Be(before, "a refused change writes nothing");
        var expected = await FluentActions.Awaiting(() => change(Database.CreateStorage(options, database, dialect: new NoItemChangeDialect(Database.Dialect)))).Should().ThrowAsync<CartLimitExceededException>();
        thrown.Which.Message.Should().Be(expected.Which.Message);
        thrown.Which.LimitName.Should().Be(expected.Which.LimitName).And.StartWith("Cart:Limits:" + limit.Split(' ')[0]);
    }

    [Fact]
    public async Task A_change_near_the_size_limit_is_measured_closely_and_applied_in_the_one_command()
    {
        // PostgreSQL skips its close count of the size when six bytes per stored byte fit the limit; near the limit
        // (here about 1.4× the stored bytes) it must count closely, or the change would be refused and re-run as an update.
        var id = CartData.NewIdentifier();
        await Database.CreateStorage().PutItemsAsync(id, Default, [CartData.Item("a", quantity: 8) with { Name = new string('n', 200) }, CartData.Item("b")]);
        var size = await SizeAsync(id);
        var options = new CartStorageOptions { Limits = { MaxDataSizeBytes = size * 7 / 5 } };
        await using var inner = Database.CreateDataSource();
        await using var counting = new CommandCountingDataSource(inner);
        var storage = Database.CreateStorage(options, new CartDatabaseOptions { Table = Database.Table, CreateTable = false }, dataSource: counting);

        var changed = await storage.ChangeQuantityAsync(id, Default, "b", 1);

        counting.Executed.Should().Be(1);
        changed.Items.Select(i => (i.Id, i.Quantity)).Should().Equal(("a", 8), ("b", 2));
    }

    [Fact]
    public async Task A_change_that_changes_nothing_writes_nothing_and_a_positive_change_of_a_missing_item_is_refused()
    {
        var id = CartData.NewIdentifier();
        var storage = Database.CreateStorage();
        var stored = await storage.AddItemAsync(id, Default, CartData.Item("a"));
        var before = await RowAsync(id);

        (await storage.ChangeQuantityAsync(id, Default, "a", 0)).Should().BeEquivalentTo(stored);
        (await storage.ChangeQuantityAsync(id, Default, "missing", -1)).Should().BeEquivalentTo(stored);
        (await storage.RemoveItemAsync(id, Default, "missing")).Should().BeEquivalentTo(stored);
        (await storage.RemoveItemAsync(CartData.NewIdentifier(), Default, "a")).Version.Should().Be(0);
        await FluentActions.Awaiting(() => storage.ChangeQuantityAsync(id, Default, "missing", 1)).Should().ThrowAsync<ArgumentException>().WithMessage("The cart has no item 'missing'*");

        (await RowAsync(id)).Should().Be(before);
        (await storage.ChangeQuantityAsync(id, Default, "a", -1)).Items.Should().BeEmpty("an item goes at zero");
    }

    [Fact]
    public async Task Concurrent_duplicates_of_a_keyed_change_apply_once()
    {
        var id = CartData.NewIdentifier();
        await Database.CreateStorage().AddItemAsync(id, Default, CartData.Item("a"));
        var sources = Enumerable.Range(0, 8).Select(_ => Database.CreateDataSource()).ToList();
        try
        {
            var results = await Task.WhenAll(sources.Select(source => Task.Run(() =>
                Database.CreateStorage(dataSource: source).AddItemAsync(id, Default, CartData.Item("a", quantity: 2), idempotencyKey: "add-2"))));
            results.Should().OnlyContain(cart => cart.Items.Single().Quantity == 3 && cart.Version == 2, "every duplicate returns the cart the first one stored");

            await Task.WhenAll(sources.Select(source => Task.Run(() =>
                Database.CreateStorage(dataSource: source).ChangeQuantityAsync(id, Default, "a", -1, idempotencyKey: "minus-1"))));
        }
        finally
        {
            foreach (var source in sources)
            {
                await source.DisposeAsync();
            }
        }

        var cart = (await Database.CreateStorage().GetAsync(id, Default))!;
        cart.Items.Single().Quantity.Should().Be(2);
        cart.Version.Should().Be(3);
        cart.IdempotencyKeys.Should().Equal("add-2", "minus-1");
    }

    [Fact]
    public async Task A_change_keeps_the_last_IdempotencyKeys_keys()
    {
        var id = CartData.NewIdentifier();
        var options = new CartStorageOptions();
        options.Limits.IdempotencyKeys = 3;
        var storage = Database.CreateStorage(options, new CartDatabaseOptions { Table = Database.Table });

        for (var i = 0; i < 5; i++)
        {
            await storage.AddItemAsync(id, Default, CartData.Item("a"), idempotencyKey: "k" + i);
        }

        var cart = (await storage.GetAsync(id, Default))!;
        cart.IdempotencyKeys.Should().Equal("k2", "k3", "k4");
        cart.Items.Single().Quantity.Should().Be(5);
    }

    /// <summary>The row's columns as text: equal before and after when nothing was written.</summary>
    private async Task<string?> RowAsync(string id) =>
        (string?)await Database.ScalarAsync(
            $"SELECT CAST(id AS text) || '|' || CAST(items AS text) || '|' || CAST(version AS text) || '|' || CAST(updated_at AS text) || '|' || CAST(idempotency_keys AS text) FROM \"{Database.Table}\" WHERE identifier = @identifier",
            ("identifier", id));

    /// <summary>What <c>MaxDataSizeBytes</c> measures for the stored cart: the serializer's bytes of its four parts.</summary>
    private async Task<int> SizeAsync(string id)
    {
        var cart = (await Database.CreateStorage().GetAsync(id, Default))!;
        return System.Text.Encoding.UTF8.GetByteCount(CartJson.SerializeItems(cart.Items) + CartJson.SerializeConditions(cart.Conditions)
            + CartJson.SerializeMetadata(cart.Metadata) + CartJson.SerializeIdempotencyKeys(cart.IdempotencyKeys));
    }
}

public sealed class SqliteItemChangeTests() : ItemChangeTests(new SqliteTestDatabase());

public sealed class PostgreSqlItemChangeTests() : ItemChangeTests(new PostgreSqlTestDatabase());
