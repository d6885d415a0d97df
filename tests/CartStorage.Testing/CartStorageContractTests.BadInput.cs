using System.Text.Json;
using FluentAssertions;
using Xunit;

namespace CartStorage.Testing;

public abstract partial class CartStorageContractTests
{
    public static TheoryData<string> HostileIdentifiers => new()
    {
        "a:b", "a::b", ":", "a*", "?", "{tag}", "}{", "a.b", "a/b", "line\nbreak", "tab\tx", "Zürich", "用户", "emoji-🛒",
        "rtl-\u202Eevil", "%41", "%u0041", "A", "quote'\"", "'; DROP TABLE carts; --", "back\\slash", " padded ", "c", "c:default",
    };

    [Theory]
    [MemberData(nameof(HostileIdentifiers))]
    public async Task Hostile_identifiers_and_instances_round_trip(string hostile)
    {
        var suffix = CartData.NewIdentifier();
        await Storage.PutItemsAsync(hostile + suffix, hostile, [CartData.Item("x")]);

        (await Storage.GetItemsAsync(hostile + suffix, hostile)).Should().ContainSingle();
        (await Storage.GetInstancesAsync(hostile + suffix)).Should().Equal(hostile);
    }

    [Fact]
    public async Task Keys_never_collide_between_distinct_identifier_instance_pairs()
    {
        var u = CartData.NewIdentifier();
        var pairs = new List<(string Identifier, string Instance)>
        {
            (u + "a:b", "c"), (u + "a", "b:c"), (u + "a", "b"), (u + "a:", "b"), (u + "a", ":b"),
            (u + "a%3A", "b"), (u + "a{b}", "c"), (u + "a", "{b}c"), (u + "a.b", "c"), (u + "a", "b.c"),
            (u + "a:c", "default"), (u + "a", "c:default"), (u + "A", "b"), (u + "a", "B"), (u + "a\nb", "c"), (u + "a", "b\nc"),
        };
        for (var i = 0; i < pairs.Count; i++)
        {
            await Storage.PutItemsAsync(pairs[i].Identifier, pairs[i].Instance, [CartData.Item("item-" + i)]);
        }

        for (var i = 0; i < pairs.Count; i++)
        {
            (await Storage.GetItemsAsync(pairs[i].Identifier, pairs[i].Instance)).Should().ContainSingle()
                .Which.Id.Should().Be("item-" + i, $"pair {i} ({pairs[i].Identifier}, {pairs[i].Instance}) must be its own cart");
            (await Storage.GetVersionAsync(pairs[i].Identifier, pairs[i].Instance)).Should().Be(1);
        }
    }

    public static TheoryData<string?> BlankKeys => new() { null, "", " ", "\t\n" };

    [Theory]
    [MemberData(nameof(BlankKeys))]
    public async Task Blank_identifier_or_instance_is_an_ArgumentException_and_writes_nothing(string? blank)
    {
        var id = CartData.NewIdentifier();
        await FluentActions.Awaiting(() => Storage.PutItemsAsync(blank!, Default, [CartData.Item("a")])).Should().ThrowAsync<ArgumentException>();
        await FluentActions.Awaiting(() => Storage.PutItemsAsync(id, blank!, [CartData.Item("a")])).Should().ThrowAsync<ArgumentException>();
        await FluentActions.Awaiting(() => Storage.GetAsync(blank!, Default)).Should().ThrowAsync<ArgumentException>();
        await FluentActions.Awaiting(() => Storage.GetInstancesAsync(blank!)).Should().ThrowAsync<ArgumentException>();
        await FluentActions.Awaiting(() => Storage.SwapIdentifierAsync(id, blank!, Default)).Should().ThrowAsync<ArgumentException>();
        await FluentActions.Awaiting(() => Storage.PutMetadataAsync(id, Default, blank!, CartData.Json("1"))).Should().ThrowAsync<ArgumentException>();
        (await Storage.GetInstancesAsync(id)).Should().BeEmpty();
    }

    [Fact]
    public async Task Too_long_identifier_instance_or_key_exceeds_the_limit_and_writes_nothing()
    {
        var id = CartData.NewIdentifier();
        var tooLong = new string('x', Options.Limits.MaxStringLength + 1);

        (await FluentActions.Awaiting(() => Storage.PutItemsAsync(tooLong, Default, [CartData.Item("a")])).Should().ThrowAsync<CartLimitExceededException>())
            .Which.LimitName.Should().Be("Cart:Limits:MaxStringLength");
        await FluentActions.Awaiting(() => Storage.PutItemsAsync(id, tooLong, [CartData.Item("a")])).Should().ThrowAsync<CartLimitExceededException>();
        await FluentActions.Awaiting(() => Storage.PutMetadataAsync(id, Default, tooLong, CartData.Json("1"))).Should().ThrowAsync<CartLimitExceededException>();
        await FluentActions.Awaiting(() => Storage.PutItemsAsync(id, Default, [CartData.Item(tooLong)])).Should().ThrowAsync<CartLimitExceededException>();
        (await Storage.GetInstancesAsync(id)).Should().BeEmpty();
        (await Storage.GetInstancesAsync(tooLong[..Options.Limits.MaxStringLength])).Should().BeEmpty();
    }

    public static TheoryData<string, CartItem[]> InvalidItems => new()
    {
        { "negative price", [CartData.Item("a", price: -0.01m)] },
        { "zero quantity", [CartData.Item("a", quantity: 0)] },
        { "negative quantity", [CartData.Item("a", quantity: -3)] },
        { "empty id", [CartData.Item("a") with { Id = "" }] },
        { "blank name", [CartData.Item("a") with { Name = "  " }] },
        { "duplicate ids", [CartData.Item("a"), CartData.Item("a")] },
        { "item condition with bad target", [CartData.Item("a") with { Conditions = [CartData.Condition("c", target: "everything")] }] },
        { "item condition with bad value", [CartData.Item("a") with { Conditions = [CartData.Condition("c", value: "ten")] }] },
        { "undefined attribute", [CartData.Item("a") with { Attributes = new Dictionary<string, JsonElement> { ["x"] = default } }] },
    };

    [Theory]
    [MemberData(nameof(InvalidItems))]
    public async Task Invalid_items_are_ArgumentExceptions_and_write_nothing(string reason, CartItem[] items)
    {
        _ = reason;
        var (id, neighbour) = await TwoCartsAsync();

        await FluentActions.Awaiting(() => Storage.PutItemsAsync(id, Default, items)).Should().ThrowAsync<ArgumentException>();
        await FluentActions.Awaiting(() => Storage.UpdateAsync(id, Default, c => c with { Items = items })).Should().ThrowAsync<ArgumentException>();
        await FluentActions.Awaiting(() => Storage.SaveAsync(id, Default, (CartSnapshot.Empty with { Items = items, Version = 1 }))).Should().ThrowAsync<ArgumentException>();

        await ShouldBeUntouchedAsync(id, neighbour);
    }

    [Theory]
    [InlineData("total", "abc")]
    [InlineData("total", "--5")]
    [InlineData("total", "5%%")]
    [InlineData("total", "")]
    [InlineData("shipping", "+5")]
    [InlineData("total", "1e5")]
    public async Task Invalid_conditions_are_ArgumentExceptions_and_write_nothing(string target, string value)
    {
        var (id, neighbour) = await TwoCartsAsync();
        var condition = new CartCondition { Name = "c", Type = "t", Target = target, Value = value };

        await FluentActions.Awaiting(() => Storage.PutConditionsAsync(id, Default, [condition])).Should().ThrowAsync<ArgumentException>();
        await ShouldBeUntouchedAsync(id, neighbour);
    }

    [Fact]
    public async Task Quantity_above_the_limit_exceeds_it_and_writes_nothing()
    {
        var (id, neighbour) = await TwoCartsAsync();

        var e = await FluentActions.Awaiting(() => Storage.PutItemsAsync(id, Default, [CartData.Item("a", Options.Limits.MaxItemQuantity + 1)]))
            .Should().ThrowAsync<CartLimitExceededException>();

        e.Which.LimitName.Should().Be("Cart:Limits:MaxItemQuantity");
        await ShouldBeUntouchedAsync(id, neighbour);
    }

    [Fact]
    public async Task More_items_than_MaxItems_exceed_the_limit_and_write_nothing()
    {
        var (id, neighbour) = await TwoCartsAsync();
        var limited = await CreateWithLimitsAsync(l => l.MaxItems = 3);

        await limited.PutItemsAsync(id, Default, Enumerable.Range(0, 3).Select(i => CartData.Item("ok" + i)));
        var e = await FluentActions.Awaiting(() => limited.PutItemsAsync(id, Default, Enumerable.Range(0, 4).Select(i => CartData.Item("i" + i))))
            .Should().ThrowAsync<CartLimitExceededException>();

        e.Which.LimitName.Should().Be("Cart:Limits:MaxItems");
        e.Which.Actual.Should().Be(4);
        (await Storage.GetItemsAsync(id, Default)).Should().HaveCount(3);
        (await Storage.GetItemsAsync(neighbour, Default)).Select(i => i.Id).Should().Equal("neighbour");
    }

    [Fact]
    public async Task A_cart_larger_than_MaxDataSizeBytes_exceeds_the_limit_and_writes_nothing()
    {
        var (id, neighbour) = await TwoCartsAsync();
        var limited = await CreateWithLimitsAsync(l => l.MaxDataSizeBytes = 4096);
        var big = CartData.Json(JsonSerializer.Serialize(new string('x', 5000)));

        var e = await FluentActions.Awaiting(() => limited.PutMetadataAsync(id, Default, "blob", big)).Should().ThrowAsync<CartLimitExceededException>();

        e.Which.LimitName.Should().Be("Cart:Limits:MaxDataSizeBytes");
        await ShouldBeUntouchedAsync(id, neighbour);
    }

    [Fact]
    public async Task Undefined_metadata_value_is_an_ArgumentException()
    {
        var (id, neighbour) = await TwoCartsAsync();

        await FluentActions.Awaiting(() => Storage.PutMetadataAsync(id, Default, "k", default)).Should().ThrowAsync<ArgumentException>();
        await FluentActions.Awaiting(() => Storage.PutMetadataBatchAsync(id, Default, new Dictionary<string, JsonElement> { ["k"] = default }))
            .Should().ThrowAsync<ArgumentException>();

        await ShouldBeUntouchedAsync(id, neighbour);
    }

    [Fact]
    public async Task Null_arguments_are_ArgumentNullExceptions()
    {
        var id = CartData.NewIdentifier();
        await FluentActions.Awaiting(() => Storage.PutItemsAsync(id, Default, null!)).Should().ThrowAsync<ArgumentNullException>();
        await FluentActions.Awaiting(() => Storage.UpdateAsync(id, Default, null!)).Should().ThrowAsync<ArgumentNullException>();
        await FluentActions.Awaiting(() => Storage.SaveAsync(id, Default, null!)).Should().ThrowAsync<ArgumentNullException>();
        await FluentActions.Awaiting(() => Storage.PutMetadataBatchAsync(id, Default, null!)).Should().ThrowAsync<ArgumentNullException>();
        await FluentActions.Awaiting(() => Storage.UpdateAsync(id, Default, _ => null!)).Should().ThrowAsync<InvalidOperationException>();
        (await Storage.HasAsync(id, Default)).Should().BeFalse();
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"format\":1,\"items\":[{\"id\":\"a\"")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("{\"format\":99,\"id\":\"6f1c1ad3-5d2b-4a8e-9d55-2f0d3cbe8a11\",\"version\":1,\"items\":[],\"conditions\":[],\"metadata\":{}}")]
    [InlineData("{\"format\":1,\"items\":\"oops\"}")]
    public async Task Unreadable_stored_data_is_reported_as_corruption_never_as_an_empty_cart(string raw)
    {
        var id = CartData.NewIdentifier();
        await Storage.PutItemsAsync(id, Default, [CartData.Item("a")]);
        await StoreRawAsync(id, Default, raw);

        var e = await FluentActions.Awaiting(() => Storage.GetAsync(id, Default)).Should().ThrowAsync<CartDataCorruptedException>();
        e.Which.Identifier.Should().Be(id);
        e.Which.Instance.Should().Be(Default);
        e.Which.Message.Should().NotContain(id, "messages travel to logs and clients; the identifier is in the Identifier property");
        await FluentActions.Awaiting(() => Storage.GetItemsAsync(id, Default)).Should().ThrowAsync<CartDataCorruptedException>();
        await FluentActions.Awaiting(() => Storage.PutItemsAsync(id, Default, [CartData.Item("b")])).Should().ThrowAsync<CartDataCorruptedException>();

        await Storage.ForgetAsync(id, Default);
        (await Storage.HasAsync(id, Default)).Should().BeFalse();
    }

    private async Task<(string Id, string Neighbour)> TwoCartsAsync()
    {
        var id = CartData.NewIdentifier();
        var neighbour = CartData.NewIdentifier("neighbour");
        await Storage.PutBothAsync(id, Default, [CartData.Item("original")], [CartData.Condition("ship")]);
        await Storage.PutItemsAsync(neighbour, Default, [CartData.Item("neighbour")]);
        return (id, neighbour);
    }

    private async Task ShouldBeUntouchedAsync(string id, string neighbour)
    {
        var cart = (await Storage.GetAsync(id, Default))!;
        cart.Items.Select(i => i.Id).Should().Equal("original");
        cart.Conditions.Should().ContainSingle();
        cart.Metadata.Should().BeEmpty();
        cart.Version.Should().Be(1);
        (await Storage.GetItemsAsync(neighbour, Default)).Select(i => i.Id).Should().Equal("neighbour");
        (await Storage.GetVersionAsync(neighbour, Default)).Should().Be(1);
    }
}
