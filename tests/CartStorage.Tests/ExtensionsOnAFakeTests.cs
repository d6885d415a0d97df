using CartStorage.Testing;

namespace CartStorage.Tests;

/// <summary>The conveniences are extension methods over the interface, so they work on an application's own fake.</summary>
public sealed class ExtensionsOnAFakeTests
{
    private readonly ICartStorage fake = new InMemoryFakeCartStorage();

    [Fact]
    public async Task Item_conveniences_work_on_a_fake_that_implements_only_the_interface()
    {
        (await fake.HasAsync("u", "default")).Should().BeFalse();

        await fake.AddItemAsync("u", "default", new CartItem { Id = "a", Quantity = 2 });
        await fake.AddItemAsync("u", "default", new CartItem { Id = "a", Quantity = 1 });
        await fake.AddItemAsync("u", "default", new CartItem { Id = "b", Quantity = 1 });
        await fake.ChangeQuantityAsync("u", "default", "b", -1);
        var stored = await fake.ChangeQuantityAsync("u", "default", "a", 4);

        stored.Items.Select(i => (i.Id, i.Quantity)).Should().Equal(("a", 7));
        (await fake.HasAsync("u", "default")).Should().BeTrue();
        (await fake.GetVersionAsync("u", "default")).Should().Be(5);
        (await fake.RemoveItemAsync("u", "default", "a")).Items.Should().BeEmpty();
    }

    [Fact]
    public async Task Granular_puts_and_metadata_work_on_a_fake()
    {
        await fake.PutItemsAsync("u", "default", [CartData.Item("a")]);
        await fake.PutConditionsAsync("u", "default", [CartData.Condition("ship")]);
        await fake.PutMetadataAsync("u", "default", "coupon", CartData.Json("\"SAVE10\""));
        await fake.PutMetadataBatchAsync("u", "default", new Dictionary<string, System.Text.Json.JsonElement> { ["lang"] = CartData.Json("\"fr\"") });

        (await fake.GetItemsAsync("u", "default")).Select(i => i.Id).Should().Equal("a");
        (await fake.GetConditionsAsync("u", "default")).Select(c => c.Name).Should().Equal("ship");
        (await fake.GetMetadataAsync("u", "default", "coupon"))!.Value.GetString().Should().Be("SAVE10");
        (await fake.GetAllMetadataAsync("u", "default")).Keys.Should().BeEquivalentTo("coupon", "lang");
        await fake.ClearMetadataAsync("u", "default");
        (await fake.GetAllMetadataAsync("u", "default")).Should().BeEmpty();
        (await fake.GetIdAsync("u", "default")).Should().NotBeNull();
    }
}
