using System.Text.Json;
using FluentAssertions;
using Xunit;

namespace CartStorage.Testing;

/// <summary>
/// Items read from the store are checked once, on read, and are read-only: an update that keeps them unchanged does not
/// check their contents again, but still applies the current limits to them.
/// </summary>
public abstract partial class CartStorageContractTests
{
    [Fact]
    public async Task A_cart_read_from_the_store_cannot_be_changed_in_place()
    {
        var id = CartData.NewIdentifier();
        await Storage.UpdateAsync(id, Default, cart => cart with
        {
            Items = [CartData.RichItem("a"), CartData.Item("b")],
            Conditions = [CartData.Condition("Shipping")],
            Metadata = new Dictionary<string, JsonElement> { ["coupon"] = CartData.Json("\"SAVE10\"") },
        });

        var read = (await Storage.GetAsync(id, Default))!;

        ReadOnly(read.Items).Should().BeTrue();
        ReadOnly(read.Conditions).Should().BeTrue();
        ReadOnly(read.Items[0].Conditions).Should().BeTrue();
        ReadOnly(read.Items[1].Conditions).Should().BeTrue();
        ReadOnly(read.Metadata).Should().BeTrue();
        ReadOnly(read.Items[0].Attributes).Should().BeTrue();
        ReadOnly(read.Items[1].Attributes).Should().BeTrue();
    }

    [Theory]
    [InlineData(nameof(CartLimitsOptions.MaxItemQuantity))]
    [InlineData(nameof(CartLimitsOptions.MaxStringLength))]
    public async Task A_limit_lowered_after_a_write_applies_to_the_items_the_next_write_keeps(string limit)
    {
        var id = CartData.NewIdentifier();
        await Storage.PutItemsAsync(id, Default, [CartData.Item("a", quantity: 50) with { Name = new string('n', 100) }, CartData.Item("b")]);
        var limited = await CreateWithLimitsAsync(l =>
        {
            if (limit == nameof(CartLimitsOptions.MaxItemQuantity))
            {
                l.MaxItemQuantity = 10;
            }
            else
            {
                l.MaxStringLength = 50;
            }
        });

        (await limited.GetItemsAsync(id, Default)).Should().HaveCount(2, "limits are not applied on read");
        var e = await FluentActions.Awaiting(() => limited.AddItemAsync(id, Default, CartData.Item("c")))
            .Should().ThrowAsync<CartLimitExceededException>("item a, kept unchanged, is over the lowered limit");

        e.Which.LimitName.Should().Be("Cart:Limits:" + limit);
        (await Storage.GetItemsAsync(id, Default)).Select(i => i.Id).Should().Equal("a", "b");
    }

    private static bool ReadOnly<T>(IReadOnlyCollection<T> collection) =>
        collection is not ICollection<T> mutable || mutable.IsReadOnly;
}
