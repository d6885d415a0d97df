using FluentAssertions;
using Xunit;

namespace CartStorage.Testing;

public abstract partial class CartStorageContractTests
{
    [Fact]
    public async Task Update_starts_from_an_empty_snapshot_and_returns_what_it_stored()
    {
        var id = CartData.NewIdentifier();
        CartSnapshot? seen = null;

        var stored = await Storage.UpdateAsync(id, Default, cart =>
        {
            seen = cart;
            return cart with { Items = [.. cart.Items, CartData.Item("a")] };
        });

        seen!.Version.Should().Be(0);
        seen.Items.Should().BeEmpty();
        stored.Version.Should().Be(1);
        stored.Items.Should().ContainSingle();
        (await Storage.GetAsync(id, Default))!.Should().BeEquivalentTo(stored, o => o.Excluding(s => s.Metadata));
    }

    [Fact]
    public async Task Update_increments_an_item_quantity_from_the_stored_cart()
    {
        var id = CartData.NewIdentifier();
        for (var i = 0; i < 5; i++)
        {
            await Storage.UpdateAsync(id, Default, cart => Increment(cart, "sku"));
        }

        (await Storage.GetItemsAsync(id, Default)).Should().ContainSingle().Which.Quantity.Should().Be(5);
        (await Storage.GetVersionAsync(id, Default)).Should().Be(5);
    }

    [Fact]
    public async Task Update_that_returns_the_same_snapshot_writes_nothing()
    {
        var id = CartData.NewIdentifier();

        var result = await Storage.UpdateAsync(id, Default, cart => cart);

        result.Version.Should().Be(0);
        (await Storage.HasAsync(id, Default)).Should().BeFalse();
        (await Storage.GetInstancesAsync(id)).Should().BeEmpty();
    }

    [Fact]
    public async Task Update_whose_mutation_throws_writes_nothing()
    {
        var id = CartData.NewIdentifier();
        await Storage.PutItemsAsync(id, Default, [CartData.Item("a")]);

        await FluentActions.Awaiting(() => Storage.UpdateAsync(id, Default, _ => throw new InvalidTimeZoneException("boom")))
            .Should().ThrowAsync<InvalidTimeZoneException>();

        (await Storage.GetVersionAsync(id, Default)).Should().Be(1);
    }

    [Fact]
    public async Task Save_with_version_zero_creates_the_cart()
    {
        var id = CartData.NewIdentifier();

        var saved = await Storage.SaveAsync(id, Default, CartSnapshot.Empty with { Items = [CartData.Item("a")] });

        saved.Version.Should().Be(1);
        (await Storage.GetItemsAsync(id, Default)).Should().ContainSingle();
        (await Storage.GetInstancesAsync(id)).Should().Equal(Default);
    }

    [Fact]
    public async Task Save_with_the_current_version_writes_the_next_one()
    {
        var id = CartData.NewIdentifier();
        await Storage.PutItemsAsync(id, Default, [CartData.Item("a")]);
        var read = (await Storage.GetAsync(id, Default))!;

        var saved = await Storage.SaveAsync(id, Default, read with { Items = [CartData.Item("b")] });

        saved.Version.Should().Be(2);
        saved.Id.Should().Be(read.Id);
        (await Storage.GetItemsAsync(id, Default)).Select(i => i.Id).Should().Equal("b");
    }

    [Fact]
    public async Task Save_with_a_stale_version_conflicts_and_leaves_the_cart_unchanged()
    {
        var id = CartData.NewIdentifier();
        await Storage.PutItemsAsync(id, Default, [CartData.Item("a")]);
        var stale = (await Storage.GetAsync(id, Default))!;
        await Storage.PutItemsAsync(id, Default, [CartData.Item("b")]);

        var conflict = await FluentActions.Awaiting(() => Storage.SaveAsync(id, Default, stale with { Items = [CartData.Item("lost")] }))
            .Should().ThrowAsync<CartConflictException>();

        conflict.Which.ExpectedVersion.Should().Be(1);
        conflict.Which.ActualVersion.Should().Be(2);
        var cart = (await Storage.GetAsync(id, Default))!;
        cart.Items.Select(i => i.Id).Should().Equal("b");
        cart.Version.Should().Be(2);
    }

    [Fact]
    public async Task Save_with_version_zero_on_an_existing_cart_conflicts()
    {
        var id = CartData.NewIdentifier();
        await Storage.PutItemsAsync(id, Default, [CartData.Item("a")]);

        var conflict = await FluentActions.Awaiting(() => Storage.SaveAsync(id, Default, CartSnapshot.Empty with { Items = [CartData.Item("b")] }))
            .Should().ThrowAsync<CartConflictException>();

        conflict.Which.ExpectedVersion.Should().Be(0);
        conflict.Which.ActualVersion.Should().Be(1);
        (await Storage.GetItemsAsync(id, Default)).Select(i => i.Id).Should().Equal("a");
    }

    [Fact]
    public async Task Save_of_a_forgotten_cart_conflicts()
    {
        var id = CartData.NewIdentifier();
        await Storage.PutItemsAsync(id, Default, [CartData.Item("a")]);
        var read = (await Storage.GetAsync(id, Default))!;
        await Storage.ForgetAsync(id, Default);

        var conflict = await FluentActions.Awaiting(() => Storage.SaveAsync(id, Default, read))
            .Should().ThrowAsync<CartConflictException>();

        conflict.Which.ActualVersion.Should().Be(0);
        (await Storage.HasAsync(id, Default)).Should().BeFalse();
    }

    [Fact]
    public async Task Metadata_is_set_read_batched_and_cleared_without_touching_items()
    {
        var id = CartData.NewIdentifier();
        await Storage.PutItemsAsync(id, Default, [CartData.Item("a")]);

        await Storage.PutMetadataAsync(id, Default, "coupon", CartData.Json("\"SAVE10\""));
        await Storage.PutMetadataBatchAsync(id, Default, new Dictionary<string, System.Text.Json.JsonElement>
        {
            ["gift"] = CartData.Json("true"),
            ["address"] = CartData.Json("{\"city\":\"Zürich\",\"lines\":[\"a\",\"b\"]}"),
        });

        (await Storage.GetMetadataAsync(id, Default, "coupon"))!.Value.GetString().Should().Be("SAVE10");
        (await Storage.GetMetadataAsync(id, Default, "missing")).Should().BeNull();
        var all = await Storage.GetAllMetadataAsync(id, Default);
        all.Keys.Should().BeEquivalentTo("coupon", "gift", "address");
        all["address"].GetProperty("city").GetString().Should().Be("Zürich");

        await Storage.ClearMetadataAsync(id, Default);

        (await Storage.GetAllMetadataAsync(id, Default)).Should().BeEmpty();
        (await Storage.GetItemsAsync(id, Default)).Should().ContainSingle();
    }

    [Fact]
    public async Task ClearMetadata_of_a_missing_cart_creates_nothing()
    {
        var id = CartData.NewIdentifier();
        await Storage.ClearMetadataAsync(id, Default);
        (await Storage.HasAsync(id, Default)).Should().BeFalse();
    }

    [Fact]
    public async Task Metadata_values_are_copies_independent_of_the_callers_document()
    {
        var id = CartData.NewIdentifier();
        System.Text.Json.JsonElement value;
        using (var document = System.Text.Json.JsonDocument.Parse("{\"a\":1}"))
        {
            value = document.RootElement;
            await Storage.PutMetadataAsync(id, Default, "k", value);
        }

        (await Storage.GetMetadataAsync(id, Default, "k"))!.Value.GetRawText().Should().Be("{\"a\":1}");
    }

    protected static CartSnapshot Increment(CartSnapshot cart, string itemId)
    {
        var existing = cart.Items.FirstOrDefault(i => i.Id == itemId);
        return existing is null
            ? cart with { Items = [.. cart.Items, CartData.Item(itemId)] }
            : cart with { Items = [.. cart.Items.Select(i => i.Id == itemId ? i with { Quantity = i.Quantity + 1 } : i)] };
    }
}
