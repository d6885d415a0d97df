using FluentAssertions;
using Xunit;

namespace CartStorage.Testing;

/// <summary>
/// The behaviour every <see cref="ICartStorage"/> backend must have. A backend's test class derives from it and
/// says how to build the storage and how to plant raw bytes where the backend keeps a cart.
/// </summary>
public abstract partial class CartStorageContractTests : IAsyncLifetime
{
    protected const string Default = "default";

    protected ICartStorage Storage { get; private set; } = null!;

    /// <summary>The options of <see cref="Storage"/>: a key prefix unique to this test, default limits.</summary>
    protected CartStorageOptions Options { get; } = new() { KeyPrefix = "t" + Guid.NewGuid().ToString("N")[..12] };

    /// <summary>Builds a storage over the same underlying store (same prefix, table, session) with these options.</summary>
    protected abstract Task<ICartStorage> CreateStorageAsync(CartStorageOptions options);

    /// <summary>Stores <paramref name="raw"/> as the cart's stored data, bypassing the library (to test corruption).</summary>
    protected abstract Task StoreRawAsync(string identifier, string instance, string raw);

    public virtual async Task InitializeAsync() => Storage = await CreateStorageAsync(Options);

    public virtual Task DisposeAsync() => Task.CompletedTask;

    /// <summary>A storage over the same store whose limits are changed by <paramref name="limits"/>.</summary>
    protected Task<ICartStorage> CreateWithLimitsAsync(Action<CartLimitsOptions> limits)
    {
        var options = new CartStorageOptions
        {
            Driver = Options.Driver,
            KeyPrefix = Options.KeyPrefix,
            Cache = Options.Cache,
            Limits = new CartLimitsOptions(),
        };
        limits(options.Limits);
        return CreateStorageAsync(options);
    }

    [Fact]
    public async Task A_missing_cart_reads_as_absent_and_empty()
    {
        var id = CartData.NewIdentifier();

        (await Storage.GetAsync(id, Default)).Should().BeNull();
        (await Storage.HasAsync(id, Default)).Should().BeFalse();
        (await Storage.GetItemsAsync(id, Default)).Should().BeEmpty();
        (await Storage.GetConditionsAsync(id, Default)).Should().BeEmpty();
        (await Storage.GetAllMetadataAsync(id, Default)).Should().BeEmpty();
        (await Storage.GetMetadataAsync(id, Default, "k")).Should().BeNull();
        (await Storage.GetVersionAsync(id, Default)).Should().Be(0);
        (await Storage.GetIdAsync(id, Default)).Should().BeNull();
        (await Storage.GetCreatedAtAsync(id, Default)).Should().BeNull();
        (await Storage.GetUpdatedAtAsync(id, Default)).Should().BeNull();
        (await Storage.GetInstancesAsync(id)).Should().BeEmpty();
    }

    [Fact]
    public async Task Items_round_trip_with_every_field()
    {
        var id = CartData.NewIdentifier();
        var items = new[] { CartData.RichItem("sku-1"), CartData.Item("sku-2", 2, 0m) };

        await Storage.PutItemsAsync(id, Default, items);

        var stored = await Storage.GetItemsAsync(id, Default);
        stored.Should().HaveCount(2);
        stored[0].Should().BeEquivalentTo(items[0], o => o.Excluding(i => i.Attributes));
        stored[0].Price.ToString(System.Globalization.CultureInfo.InvariantCulture).Should().Be("12.345678");
        stored[0].Attributes.Should().HaveCount(2);
        stored[0].Attributes["size"].GetString().Should().Be("XL");
        stored[0].Attributes["tags"].GetRawText().Should().Be("[1,2,{\"a\":null}]");
        stored[0].Conditions.Should().ContainSingle().Which.Value.Should().Be("-10%");
        stored[0].AssociatedModel.Should().Be("Shop.Product:42");
        stored[1].Should().BeEquivalentTo(items[1]);
        (await Storage.HasAsync(id, Default)).Should().BeTrue();
    }

    [Fact]
    public async Task Writes_stamp_version_id_and_times()
    {
        var id = CartData.NewIdentifier();
        await Storage.PutItemsAsync(id, Default, [CartData.Item("a")]);
        var first = (await Storage.GetAsync(id, Default))!;

        await Storage.PutConditionsAsync(id, Default, [CartData.Condition("ship")]);
        var second = (await Storage.GetAsync(id, Default))!;

        first.Version.Should().Be(1);
        first.Id.Should().NotBe(Guid.Empty);
        first.CreatedAt.Should().NotBeNull();
        first.UpdatedAt.Should().Be(first.CreatedAt);
        second.Version.Should().Be(2);
        second.Id.Should().Be(first.Id);
        second.CreatedAt.Should().Be(first.CreatedAt);
        second.UpdatedAt.Should().BeOnOrAfter(first.UpdatedAt!.Value);
        (await Storage.GetVersionAsync(id, Default)).Should().Be(2);
        (await Storage.GetIdAsync(id, Default)).Should().Be(first.Id);
        (await Storage.GetCreatedAtAsync(id, Default)).Should().Be(first.CreatedAt);
        (await Storage.GetUpdatedAtAsync(id, Default)).Should().Be(second.UpdatedAt);
    }

    [Fact]
    public async Task Granular_puts_keep_the_other_parts()
    {
        var id = CartData.NewIdentifier();
        await Storage.PutItemsAsync(id, Default, [CartData.Item("a")]);
        await Storage.PutConditionsAsync(id, Default, [CartData.Condition("tax", "20%")]);
        await Storage.PutMetadataAsync(id, Default, "coupon", CartData.Json("\"SAVE10\""));
        await Storage.PutItemsAsync(id, Default, [CartData.Item("b")]);

        var cart = (await Storage.GetAsync(id, Default))!;
        cart.Items.Select(i => i.Id).Should().Equal("b");
        cart.Conditions.Select(c => c.Name).Should().Equal("tax");
        cart.Metadata["coupon"].GetString().Should().Be("SAVE10");
        cart.Version.Should().Be(4);
    }

    [Fact]
    public async Task PutBoth_writes_items_and_conditions_as_one_version()
    {
        var id = CartData.NewIdentifier();
        await Storage.PutBothAsync(id, Default, [CartData.Item("a"), CartData.Item("b")], [CartData.Condition("ship")]);

        var cart = (await Storage.GetAsync(id, Default))!;
        cart.Items.Should().HaveCount(2);
        cart.Conditions.Should().ContainSingle();
        cart.Version.Should().Be(1);
    }

    [Fact]
    public async Task Forget_removes_items_conditions_and_metadata()
    {
        var id = CartData.NewIdentifier();
        await Storage.PutBothAsync(id, Default, [CartData.Item("a")], [CartData.Condition("ship")]);
        await Storage.PutMetadataAsync(id, Default, "note", CartData.Json("\"gift\""));
        var oldId = await Storage.GetIdAsync(id, Default);

        await Storage.ForgetAsync(id, Default);

        (await Storage.HasAsync(id, Default)).Should().BeFalse();
        (await Storage.GetAllMetadataAsync(id, Default)).Should().BeEmpty();
        (await Storage.GetMetadataAsync(id, Default, "note")).Should().BeNull();
        (await Storage.GetVersionAsync(id, Default)).Should().Be(0);

        await Storage.PutItemsAsync(id, Default, [CartData.Item("b")]);
        var reborn = (await Storage.GetAsync(id, Default))!;
        reborn.Version.Should().Be(1);
        reborn.Id.Should().NotBe(oldId!.Value);
        reborn.Metadata.Should().BeEmpty();
        reborn.Conditions.Should().BeEmpty();
    }

    [Fact]
    public async Task Forget_of_a_missing_cart_does_nothing()
    {
        var id = CartData.NewIdentifier();
        await Storage.ForgetAsync(id, Default);
        (await Storage.HasAsync(id, Default)).Should().BeFalse();
    }

    [Fact]
    public async Task Instances_list_the_existing_carts_of_an_identifier()
    {
        var id = CartData.NewIdentifier();
        var other = CartData.NewIdentifier();
        await Storage.PutItemsAsync(id, "wishlist", [CartData.Item("a")]);
        await Storage.PutItemsAsync(id, Default, [CartData.Item("a")]);
        await Storage.PutItemsAsync(id, "saved:for/later", [CartData.Item("a")]);
        await Storage.PutItemsAsync(other, "other", [CartData.Item("a")]);

        (await Storage.GetInstancesAsync(id)).Should().Equal(new[] { Default, "saved:for/later", "wishlist" }.Order(StringComparer.Ordinal));

        await Storage.ForgetAsync(id, "wishlist");
        (await Storage.GetInstancesAsync(id)).Should().Equal(new[] { Default, "saved:for/later" }.Order(StringComparer.Ordinal));
        (await Storage.GetInstancesAsync(other)).Should().Equal("other");
    }

    [Fact]
    public async Task ForgetIdentifier_removes_every_instance_and_nothing_else()
    {
        var id = CartData.NewIdentifier();
        var other = CartData.NewIdentifier();
        await Storage.PutItemsAsync(id, Default, [CartData.Item("a")]);
        await Storage.PutItemsAsync(id, "wishlist", [CartData.Item("a")]);
        await Storage.PutItemsAsync(other, Default, [CartData.Item("keep")]);

        await Storage.ForgetIdentifierAsync(id);

        (await Storage.GetInstancesAsync(id)).Should().BeEmpty();
        (await Storage.HasAsync(id, Default)).Should().BeFalse();
        (await Storage.HasAsync(id, "wishlist")).Should().BeFalse();
        (await Storage.GetItemsAsync(other, Default)).Should().ContainSingle().Which.Id.Should().Be("keep");
    }

    [Fact]
    public async Task Flush_makes_every_cart_disappear_and_storage_keeps_working()
    {
        var a = CartData.NewIdentifier();
        var b = CartData.NewIdentifier();
        await Storage.PutItemsAsync(a, Default, [CartData.Item("a")]);
        await Storage.PutMetadataAsync(b, "wishlist", "k", CartData.Json("1"));

        await Storage.FlushAsync();

        (await Storage.HasAsync(a, Default)).Should().BeFalse();
        (await Storage.HasAsync(b, "wishlist")).Should().BeFalse();
        (await Storage.GetInstancesAsync(a)).Should().BeEmpty();
        (await Storage.GetInstancesAsync(b)).Should().BeEmpty();

        await Storage.PutItemsAsync(a, Default, [CartData.Item("new")]);
        var cart = (await Storage.GetAsync(a, Default))!;
        cart.Items.Should().ContainSingle().Which.Id.Should().Be("new");
        cart.Version.Should().Be(1);
        (await Storage.GetInstancesAsync(a)).Should().Equal(Default);
    }

    [Fact]
    public async Task Swap_moves_items_conditions_and_metadata()
    {
        var guest = CartData.NewIdentifier("guest");
        var user = CartData.NewIdentifier("user");
        await Storage.PutBothAsync(guest, Default, [CartData.Item("a", 2)], [CartData.Condition("ship")]);
        await Storage.PutMetadataAsync(guest, Default, "coupon", CartData.Json("\"X\""));
        var before = (await Storage.GetAsync(guest, Default))!;

        (await Storage.SwapIdentifierAsync(guest, user, Default)).Should().BeTrue();

        (await Storage.HasAsync(guest, Default)).Should().BeFalse();
        (await Storage.GetInstancesAsync(guest)).Should().BeEmpty();
        var moved = (await Storage.GetAsync(user, Default))!;
        moved.Items.Should().ContainSingle().Which.Quantity.Should().Be(2);
        moved.Conditions.Should().ContainSingle().Which.Name.Should().Be("ship");
        moved.Metadata["coupon"].GetString().Should().Be("X");
        moved.Id.Should().Be(before.Id);
        (await Storage.GetInstancesAsync(user)).Should().Equal(Default);
    }

    [Fact]
    public async Task Swap_replaces_an_existing_target_and_moves_its_version_forward()
    {
        var guest = CartData.NewIdentifier("guest");
        var user = CartData.NewIdentifier("user");
        await Storage.PutItemsAsync(guest, Default, [CartData.Item("guest-item")]);
        await Storage.PutItemsAsync(user, Default, [CartData.Item("old")]);
        await Storage.PutItemsAsync(user, Default, [CartData.Item("older")]);
        var stale = (await Storage.GetAsync(user, Default))!;

        (await Storage.SwapIdentifierAsync(guest, user, Default)).Should().BeTrue();

        var target = (await Storage.GetAsync(user, Default))!;
        target.Items.Select(i => i.Id).Should().Equal("guest-item");
        target.Version.Should().BeGreaterThan(stale.Version);
        await FluentActions.Awaiting(() => Storage.SaveAsync(user, Default, stale)).Should().ThrowAsync<CartConflictException>();
    }

    [Fact]
    public async Task Swap_from_a_missing_cart_returns_false_and_writes_nothing()
    {
        var guest = CartData.NewIdentifier("guest");
        var user = CartData.NewIdentifier("user");
        await Storage.PutItemsAsync(user, Default, [CartData.Item("mine")]);

        (await Storage.SwapIdentifierAsync(guest, user, Default)).Should().BeFalse();

        var cart = (await Storage.GetAsync(user, Default))!;
        cart.Items.Select(i => i.Id).Should().Equal("mine");
        cart.Version.Should().Be(1);
    }

    [Fact]
    public async Task Swap_only_moves_the_named_instance()
    {
        var guest = CartData.NewIdentifier("guest");
        var user = CartData.NewIdentifier("user");
        await Storage.PutItemsAsync(guest, Default, [CartData.Item("a")]);
        await Storage.PutItemsAsync(guest, "wishlist", [CartData.Item("w")]);

        await Storage.SwapIdentifierAsync(guest, user, Default);

        (await Storage.GetInstancesAsync(guest)).Should().Equal("wishlist");
        (await Storage.GetInstancesAsync(user)).Should().Equal(Default);
    }
}
