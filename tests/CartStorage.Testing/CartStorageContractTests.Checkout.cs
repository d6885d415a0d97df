using FluentAssertions;
using Xunit;

namespace CartStorage.Testing;

/// <summary>Checkout: the conditional remove, and the item conveniences a checkout flow uses.</summary>
public abstract partial class CartStorageContractTests
{
    [Fact]
    public async Task Conditional_forget_with_the_stored_etag_removes_the_cart()
    {
        var id = CartData.NewIdentifier();
        await Storage.PutItemsAsync(id, Default, [CartData.Item("a")]);
        await Storage.PutMetadataAsync(id, Default, "coupon", CartData.Json("\"SAVE10\""));
        var read = (await Storage.GetAsync(id, Default))!;

        await Storage.ForgetAsync(id, Default, read.ETag);

        (await Storage.GetAsync(id, Default)).Should().BeNull();
        (await Storage.GetInstancesAsync(id)).Should().BeEmpty();
    }

    [Fact]
    public async Task Conditional_forget_accepts_the_etag_quoted_as_http_sends_it()
    {
        var id = CartData.NewIdentifier();
        var read = await Storage.AddItemAsync(id, Default, CartData.Item("a"));

        await Storage.ForgetAsync(id, Default, $"\"{read.ETag}\"");

        (await Storage.HasAsync(id, Default)).Should().BeFalse();
    }

    [Fact]
    public async Task Conditional_forget_with_a_stale_etag_throws_with_both_versions_and_etags_and_keeps_the_cart()
    {
        var id = CartData.NewIdentifier();
        var first = await Storage.AddItemAsync(id, Default, CartData.Item("a"));
        var second = await Storage.AddItemAsync(id, Default, CartData.Item("b"));

        var conflict = (await FluentActions.Awaiting(() => Storage.ForgetAsync(id, Default, first.ETag))
            .Should().ThrowAsync<CartConflictException>()).Which;

        (conflict.ExpectedVersion, conflict.ActualVersion).Should().Be((1L, 2L));
        (conflict.ExpectedETag, conflict.ActualETag).Should().Be((first.ETag, second.ETag));
        conflict.Message.Should().NotContain(id);
        var cart = (await Storage.GetAsync(id, Default))!;
        cart.Version.Should().Be(2);
        cart.Items.Select(i => i.Id).Should().Equal("a", "b");
    }

    [Fact]
    public async Task Conditional_forget_with_the_empty_etag_expects_no_cart()
    {
        var missing = CartData.NewIdentifier();
        var existing = CartData.NewIdentifier();
        var stored = await Storage.AddItemAsync(existing, Default, CartData.Item("a"));

        await Storage.ForgetAsync(missing, Default, CartSnapshot.Empty.ETag);
        var onExisting = (await FluentActions.Awaiting(() => Storage.ForgetAsync(existing, Default, CartSnapshot.Empty.ETag))
            .Should().ThrowAsync<CartConflictException>()).Which;
        var onMissing = (await FluentActions.Awaiting(() => Storage.ForgetAsync(missing, Default, stored.ETag))
            .Should().ThrowAsync<CartConflictException>()).Which;

        (onExisting.ExpectedVersion, onExisting.ActualVersion, onExisting.ActualETag).Should().Be((0L, 1L, stored.ETag));
        (onMissing.ExpectedVersion, onMissing.ActualVersion, onMissing.ActualETag).Should().Be((1L, 0L, CartSnapshot.Empty.ETag));
        (await Storage.HasAsync(existing, Default)).Should().BeTrue();
        (await Storage.HasAsync(missing, Default)).Should().BeFalse();
    }

    [Fact]
    public async Task Conditional_forget_refuses_an_empty_etag_and_conflicts_on_one_it_never_issued()
    {
        var id = CartData.NewIdentifier();
        var stored = await Storage.AddItemAsync(id, Default, CartData.Item("a"));

        await FluentActions.Awaiting(() => Storage.ForgetAsync(id, Default, " ")).Should().ThrowAsync<ArgumentException>();
        await FluentActions.Awaiting(() => Storage.ForgetAsync(id, Default, (string)null!)).Should().ThrowAsync<ArgumentException>();
        foreach (var foreign in new[] { "1", "\"1\"", "garbage", stored.ETag + "0", stored.ETag.Replace("-1", "-01", StringComparison.Ordinal) })
        {
            var conflict = (await FluentActions.Awaiting(() => Storage.ForgetAsync(id, Default, foreign))
                .Should().ThrowAsync<CartConflictException>(foreign)).Which;
            conflict.ActualETag.Should().Be(stored.ETag);
        }

        (await Storage.GetAsync(id, Default)).Should().BeEquivalentTo(stored);
    }

    /// <summary>
    /// The checkout race of open-telemetry/opentelemetry-demo issue 3824: the order service reads the cart, another tab
    /// adds an item, then the cart is emptied. The conditional remove refuses, and the late item stays; the unconditional
    /// one (the last step) throws it away, which is why checkout must not use it.
    /// </summary>
    [Fact]
    public async Task An_item_added_between_the_checkout_read_and_the_remove_survives()
    {
        var id = CartData.NewIdentifier();
        await Storage.AddItemAsync(id, Default, CartData.Item("ordered"));
        var read = (await Storage.GetAsync(id, Default))!;

        await Storage.AddItemAsync(id, Default, CartData.Item("late"));
        var conflict = (await FluentActions.Awaiting(() => Storage.ForgetAsync(id, Default, read.ETag))
            .Should().ThrowAsync<CartConflictException>()).Which;

        conflict.ActualVersion.Should().Be(read.Version + 1);
        (await Storage.GetItemsAsync(id, Default)).Select(i => i.Id).Should().Equal("ordered", "late");

        await Storage.ForgetAsync(id, Default);
        (await Storage.GetItemsAsync(id, Default)).Should().BeEmpty("the unconditional remove loses the late item");
    }

    [Fact]
    public async Task Add_item_needs_only_id_and_quantity_and_adds_to_an_existing_id()
    {
        var id = CartData.NewIdentifier();

        var first = await Storage.AddItemAsync(id, Default, new CartItem { Id = "sku", Quantity = 2 });
        var second = await Storage.AddItemAsync(id, Default, new CartItem { Id = "sku", Name = "Other name", Price = 5m, Quantity = 3 });

        first.Version.Should().Be(1);
        second.Version.Should().Be(2);
        var item = (await Storage.GetItemsAsync(id, Default)).Should().ContainSingle().Which;
        (item.Name, item.Price, item.Quantity).Should().Be((string.Empty, 0m, 5));
        await FluentActions.Awaiting(() => Storage.AddItemAsync(id, Default, new CartItem { Id = "x", Quantity = 0 })).Should().ThrowAsync<ArgumentException>();
        await FluentActions.Awaiting(() => Storage.AddItemAsync(id, Default, new CartItem { Id = "", Quantity = 1 })).Should().ThrowAsync<ArgumentException>();
        (await Storage.GetVersionAsync(id, Default)).Should().Be(2);
    }

    [Fact]
    public async Task Change_quantity_adds_a_delta_and_removes_the_item_at_zero()
    {
        var id = CartData.NewIdentifier();
        await Storage.AddItemAsync(id, Default, CartData.Item("a", 3));
        await Storage.AddItemAsync(id, Default, CartData.Item("b", 1));

        (await Storage.ChangeQuantityAsync(id, Default, "a", 2)).Items[0].Quantity.Should().Be(5);
        (await Storage.ChangeQuantityAsync(id, Default, "a", -1)).Items[0].Quantity.Should().Be(4);
        var removed = await Storage.ChangeQuantityAsync(id, Default, "a", -4);

        removed.Items.Select(i => i.Id).Should().Equal("b");
        (await Storage.GetItemsAsync(id, Default)).Select(i => i.Id).Should().Equal("b");
    }

    [Fact]
    public async Task Change_quantity_of_an_unknown_id_with_a_negative_delta_changes_nothing()
    {
        var id = CartData.NewIdentifier();
        var missing = CartData.NewIdentifier();
        await Storage.AddItemAsync(id, Default, CartData.Item("a"));

        var unchanged = await Storage.ChangeQuantityAsync(id, Default, "nope", -1);
        await Storage.ChangeQuantityAsync(missing, Default, "nope", -1);

        unchanged.Version.Should().Be(1);
        (await Storage.GetVersionAsync(id, Default)).Should().Be(1);
        (await Storage.HasAsync(missing, Default)).Should().BeFalse();
        await FluentActions.Awaiting(() => Storage.ChangeQuantityAsync(id, Default, "nope", 1)).Should().ThrowAsync<ArgumentException>();
        (await Storage.GetVersionAsync(id, Default)).Should().Be(1);
    }

    [Fact]
    public async Task Remove_item_removes_it_and_an_unknown_id_changes_nothing()
    {
        var id = CartData.NewIdentifier();
        await Storage.AddItemAsync(id, Default, CartData.Item("a"));
        await Storage.AddItemAsync(id, Default, CartData.Item("b"));

        (await Storage.RemoveItemAsync(id, Default, "a")).Items.Select(i => i.Id).Should().Equal("b");
        (await Storage.RemoveItemAsync(id, Default, "nope")).Version.Should().Be(3);

        (await Storage.GetItemsAsync(id, Default)).Select(i => i.Id).Should().Equal("b");
        (await Storage.GetVersionAsync(id, Default)).Should().Be(3);
    }
}
