using FluentAssertions;
using Xunit;

namespace CartStorage.Testing;

/// <summary>Login: <see cref="ICartStorage.MergeIdentifierAsync"/> of a guest cart into a user's.</summary>
public abstract partial class CartStorageContractTests
{
    /// <summary>Guest "a" = 5, user "a" = 3: each strategy gives a different quantity.</summary>
    [Theory]
    [InlineData(CartMergeStrategy.AddQuantities, 8)]
    [InlineData(CartMergeStrategy.KeepHighestQuantity, 5)]
    [InlineData(CartMergeStrategy.KeepTarget, 3)]
    [InlineData(CartMergeStrategy.ReplaceWithSource, 5)]
    public async Task Merge_combines_items_conditions_and_metadata_by_strategy(CartMergeStrategy strategy, int quantityOfA)
    {
        var (guest, user) = (CartData.NewIdentifier("guest"), CartData.NewIdentifier());
        await SeedGuestAndUserAsync(guest, user);
        var before = (await Storage.GetAsync(user, Default))!;

        var merged = await Storage.MergeIdentifierAsync(guest, user, Default, strategy);

        var sourceWins = strategy == CartMergeStrategy.ReplaceWithSource;
        merged!.Items.Select(i => (i.Id, i.Name, i.Price, i.Quantity)).Should().Equal(
            ("a", "User A", 2m, quantityOfA),
            ("c", "Item c", 9.50m, 4),
            ("b", "Item b", 9.50m, 1));
        merged.Conditions.ToDictionary(c => c.Name, c => c.Value).Should().BeEquivalentTo(new Dictionary<string, string>
        {
            ["ship"] = sourceWins ? "+5.00" : "+7.00",
            ["tax"] = "+20%",
            ["gift"] = "+1.00",
        });
        merged.Metadata.ToDictionary(m => m.Key, m => m.Value.GetString()).Should().BeEquivalentTo(new Dictionary<string, string?>
        {
            ["coupon"] = sourceWins ? "GUEST" : "USER",
            ["lang"] = "fr",
            ["ref"] = "ad",
        });
        (merged.Version, merged.Id, merged.CreatedAt).Should().Be((before.Version + 1, before.Id, before.CreatedAt));
        (await Storage.GetAsync(user, Default)).Should().BeEquivalentTo(merged, o => o.Excluding(s => s.Metadata));
        (await Storage.GetAsync(guest, Default)).Should().BeNull();
        (await Storage.GetInstancesAsync(guest)).Should().BeEmpty();
    }

    [Fact]
    public async Task Merge_into_a_missing_target_moves_the_source()
    {
        var (guest, user) = (CartData.NewIdentifier("guest"), CartData.NewIdentifier());
        await Storage.PutItemsAsync(guest, Default, [CartData.Item("a", 2)]);

        var merged = await Storage.MergeIdentifierAsync(guest, user, Default);

        merged!.Version.Should().Be(1);
        merged.Items.Select(i => (i.Id, i.Quantity)).Should().Equal(("a", 2));
        (await Storage.GetInstancesAsync(user)).Should().Equal(Default);
        (await Storage.HasAsync(guest, Default)).Should().BeFalse();
    }

    [Fact]
    public async Task Merge_without_a_source_returns_the_target_unchanged_and_without_either_null()
    {
        var (guest, user, nobody) = (CartData.NewIdentifier("guest"), CartData.NewIdentifier(), CartData.NewIdentifier());
        await Storage.PutItemsAsync(user, Default, [CartData.Item("a", 2)]);
        var before = (await Storage.GetAsync(user, Default))!;

        var unchanged = await Storage.MergeIdentifierAsync(guest, user, Default);
        var neither = await Storage.MergeIdentifierAsync(guest, nobody, Default);

        unchanged.Should().BeEquivalentTo(before, o => o.Excluding(s => s.Metadata));
        (await Storage.GetVersionAsync(user, Default)).Should().Be(before.Version);
        neither.Should().BeNull();
        (await Storage.HasAsync(nobody, Default)).Should().BeFalse();
        (await Storage.HasAsync(guest, Default)).Should().BeFalse();
    }

    [Fact]
    public async Task Merge_of_a_cart_into_itself_changes_nothing()
    {
        var id = CartData.NewIdentifier();
        await Storage.PutItemsAsync(id, Default, [CartData.Item("a", 2)]);

        var merged = await Storage.MergeIdentifierAsync(id, id, Default);

        merged!.Items.Select(i => (i.Id, i.Quantity)).Should().Equal(("a", 2));
        (await Storage.GetVersionAsync(id, Default)).Should().Be(1);
    }

    [Fact]
    public async Task Merge_touches_only_the_instance_it_names()
    {
        var (guest, user) = (CartData.NewIdentifier("guest"), CartData.NewIdentifier());
        await Storage.PutItemsAsync(guest, Default, [CartData.Item("a")]);
        await Storage.PutItemsAsync(guest, "wishlist", [CartData.Item("w")]);

        await Storage.MergeIdentifierAsync(guest, user, Default);

        (await Storage.GetInstancesAsync(guest)).Should().Equal("wishlist");
        (await Storage.GetInstancesAsync(user)).Should().Equal(Default);
    }

    [Theory]
    [InlineData(nameof(CartLimitsOptions.MaxItemQuantity))]
    [InlineData(nameof(CartLimitsOptions.MaxItems))]
    public async Task Merge_beyond_the_limits_throws_and_changes_neither_cart(string limit)
    {
        var storage = await CreateWithLimitsAsync(l =>
        {
            l.MaxItemQuantity = 5;
            l.MaxItems = 2;
        });
        var (guest, user) = (CartData.NewIdentifier("guest"), CartData.NewIdentifier());
        await storage.PutItemsAsync(guest, Default, limit == nameof(CartLimitsOptions.MaxItems) ? [CartData.Item("b"), CartData.Item("c")] : [CartData.Item("a", 3)]);
        await storage.PutItemsAsync(user, Default, [CartData.Item("a", 3)]);

        await FluentActions.Awaiting(() => storage.MergeIdentifierAsync(guest, user, Default)).Should().ThrowAsync<CartLimitExceededException>();

        (await storage.GetAsync(guest, Default))!.Version.Should().Be(1);
        (await storage.GetAsync(user, Default))!.Items.Select(i => (i.Id, i.Quantity)).Should().Equal(("a", 3));
        (await storage.GetVersionAsync(user, Default)).Should().Be(1);
    }

    [Fact]
    public async Task Merge_with_bad_input_throws_argument_exceptions_and_writes_nothing()
    {
        var (guest, user) = (CartData.NewIdentifier("guest"), CartData.NewIdentifier());
        await Storage.PutItemsAsync(guest, Default, [CartData.Item("a")]);

        await FluentActions.Awaiting(() => Storage.MergeIdentifierAsync(null!, user, Default)).Should().ThrowAsync<ArgumentException>();
        await FluentActions.Awaiting(() => Storage.MergeIdentifierAsync(guest, "", Default)).Should().ThrowAsync<ArgumentException>();
        await FluentActions.Awaiting(() => Storage.MergeIdentifierAsync(guest, " ", Default)).Should().ThrowAsync<ArgumentException>();
        await FluentActions.Awaiting(() => Storage.MergeIdentifierAsync(guest, user, "")).Should().ThrowAsync<ArgumentException>();
        await FluentActions.Awaiting(() => Storage.MergeIdentifierAsync(guest, user, Default, (CartMergeStrategy)42)).Should().ThrowAsync<ArgumentException>();

        (await Storage.GetVersionAsync(guest, Default)).Should().Be(1);
        (await Storage.HasAsync(user, Default)).Should().BeFalse();
    }

    /// <summary>Guest: a=5, b=1, conditions ship(+5.00) and gift, metadata coupon=GUEST and ref. User: a=3 ("User A", 2.00), c=4, conditions ship(+7.00) and tax, metadata coupon=USER and lang.</summary>
    private async Task SeedGuestAndUserAsync(string guest, string user)
    {
        await Storage.PutBothAsync(guest, Default, [CartData.Item("a", 5) with { Name = "Guest A", Price = 1m }, CartData.Item("b", 1)], [CartData.Condition("ship", "+5.00"), CartData.Condition("gift", "+1.00")]);
        await Storage.PutMetadataBatchAsync(guest, Default, new Dictionary<string, System.Text.Json.JsonElement> { ["coupon"] = CartData.Json("\"GUEST\""), ["ref"] = CartData.Json("\"ad\"") });
        await Storage.PutBothAsync(user, Default, [CartData.Item("a", 3) with { Name = "User A", Price = 2m }, CartData.Item("c", 4)], [CartData.Condition("ship", "+7.00"), CartData.Condition("tax", "+20%")]);
        await Storage.PutMetadataBatchAsync(user, Default, new Dictionary<string, System.Text.Json.JsonElement> { ["coupon"] = CartData.Json("\"USER\""), ["lang"] = CartData.Json("\"fr\"") });
    }
}
