using System.Text.Json;
using FluentAssertions;
using Xunit;

namespace CartStorage.Testing;

/// <summary>
/// The bad-input catalogue of issue 7, for the cases every backend shares: each write throws the documented exception
/// with a message that names the problem, writes nothing, and leaves another cart alone.
/// </summary>
public abstract partial class CartStorageContractTests
{
    private static readonly string TenThousand = new('x', 10_000);

    /// <summary>Case name → (the bad write, given the storage and the existing cart's identifier; the exception type; a message fragment).</summary>
    private static readonly Dictionary<string, (Func<ICartStorage, string, Task> Write, Type Exception, string Names)> Catalogue = new()
    {
        ["identifier of 10 000 characters"] = ((s, _) => s.PutItemsAsync(TenThousand, Default, [CartData.Item("a")]), typeof(CartLimitExceededException), "'identifier' is 10000 characters"),
        ["instance of 10 000 characters"] = ((s, id) => s.PutItemsAsync(id, TenThousand, [CartData.Item("a")]), typeof(CartLimitExceededException), "'instance' is 10000 characters"),
        ["metadata key of 10 000 characters"] = ((s, id) => s.PutMetadataAsync(id, Default, TenThousand, CartData.Json("1")), typeof(CartLimitExceededException), "'key' is 10000 characters"),
        ["swap to an identifier of 10 000 characters"] = ((s, id) => s.SwapIdentifierAsync(id, TenThousand, Default), typeof(CartLimitExceededException), "'identifier' is 10000 characters"),
        ["NUL in the identifier"] = ((s, _) => s.PutItemsAsync("user\0x", Default, [CartData.Item("a")]), typeof(ArgumentException), "NUL"),
        ["NUL in the instance"] = ((s, id) => s.PutItemsAsync(id, "default\0", [CartData.Item("a")]), typeof(ArgumentException), "NUL"),
        ["NUL in an item id"] = ((s, id) => s.PutItemsAsync(id, Default, [CartData.Item("a\0b")]), typeof(ArgumentException), "NUL"),
        ["NUL in an item's associated model"] = ((s, id) => s.PutItemsAsync(id, Default, [CartData.Item("a") with { AssociatedModel = "Product:\0" }]), typeof(ArgumentException), "NUL"),
        ["NUL in an attribute's property name"] = ((s, id) => s.PutItemsAsync(id, Default, [CartData.Item("a") with { Attributes = new Dictionary<string, JsonElement> { ["x"] = CartData.Json("{\"a\\u0000\":1}") } }]), typeof(ArgumentException), "NUL"),
        ["NUL in a metadata key"] = ((s, id) => s.PutMetadataAsync(id, Default, "k\0", CartData.Json("1")), typeof(ArgumentException), "NUL"),
        ["NUL in a metadata string value"] = ((s, id) => s.PutMetadataAsync(id, Default, "k", CartData.Json("\"a\\u0000b\"")), typeof(ArgumentException), "NUL"),
        ["unpaired high surrogate in the identifier"] = ((s, _) => s.PutItemsAsync("user\uD800", Default, [CartData.Item("a")]), typeof(ArgumentException), "'identifier' is not valid UTF-16"),
        ["unpaired low surrogate in the identifier"] = ((s, _) => s.PutItemsAsync("\uDC00user", Default, [CartData.Item("a")]), typeof(ArgumentException), "'identifier' is not valid UTF-16"),
        ["reversed surrogate pair in the instance"] = ((s, id) => s.PutItemsAsync(id, "default\uDED2\uD83D", [CartData.Item("a")]), typeof(ArgumentException), "'instance' is not valid UTF-16"),
        ["swap to an identifier with an unpaired surrogate"] = ((s, id) => s.SwapIdentifierAsync(id, "user\uD801", Default), typeof(ArgumentException), "'identifier' is not valid UTF-16"),
        ["unpaired surrogate in an item id"] = ((s, id) => s.PutItemsAsync(id, Default, [CartData.Item("a\uD800")]), typeof(ArgumentException), "Items[0].Id' is not valid UTF-16"),
        ["unpaired surrogate in an item id given to AddItemAsync"] = ((s, id) => s.AddItemAsync(id, Default, CartData.Item("sku\uDBFF")), typeof(ArgumentException), "'item.Id' is not valid UTF-16"),
        ["unpaired surrogate in an item id given to ChangeQuantityAsync"] = ((s, id) => s.ChangeQuantityAsync(id, Default, "a\uD800", 1), typeof(ArgumentException), "'itemId' is not valid UTF-16"),
        ["unpaired surrogate in an item name"] = ((s, id) => s.PutItemsAsync(id, Default, [CartData.Item("a") with { Name = "Mug \uD83D" }]), typeof(ArgumentException), "Items[0].Name' is not valid UTF-16"),
        ["unpaired surrogate in an item's associated model"] = ((s, id) => s.PutItemsAsync(id, Default, [CartData.Item("a") with { AssociatedModel = "Product:\uDC00" }]), typeof(ArgumentException), "AssociatedModel' is not valid UTF-16"),
        ["unpaired surrogate in a condition name"] = ((s, id) => s.PutConditionsAsync(id, Default, [CartData.Condition("c\uD800")]), typeof(ArgumentException), "conditions[0].Name' is not valid UTF-16"),
        ["unpaired surrogate in an attribute key"] = ((s, id) => s.PutItemsAsync(id, Default, [CartData.Item("a") with { Attributes = new Dictionary<string, JsonElement> { ["x\uD800"] = CartData.Json("1") } }]), typeof(ArgumentException), "Attributes key' is not valid UTF-16"),
        ["unpaired surrogate in an attribute's property name"] = ((s, id) => s.PutItemsAsync(id, Default, [CartData.Item("a") with { Attributes = new Dictionary<string, JsonElement> { ["x"] = CartData.Json("{\"a\\uD800\":1}") } }]), typeof(ArgumentException), "not valid UTF-16"),
        ["unpaired surrogate in a metadata key"] = ((s, id) => s.PutMetadataAsync(id, Default, "k\uD800", CartData.Json("1")), typeof(ArgumentException), "'key' is not valid UTF-16"),
        ["unpaired surrogate in a metadata key read back"] = ((s, id) => s.GetMetadataAsync(id, Default, "k\uD800"), typeof(ArgumentException), "'key' is not valid UTF-16"),
        ["unpaired surrogate in a metadata string value"] = ((s, id) => s.PutMetadataAsync(id, Default, "k", CartData.Json("\"a\\uDC00b\"")), typeof(ArgumentException), "not valid UTF-16"),
        ["unpaired surrogate in a nested metadata string value"] = ((s, id) => s.PutMetadataAsync(id, Default, "k", CartData.Json("{\"a\":[\"ok\",\"\\uD800\"]}")), typeof(ArgumentException), "not valid UTF-16"),
        ["quantity int.MaxValue"] = ((s, id) => s.PutItemsAsync(id, Default, [CartData.Item("a", int.MaxValue)]), typeof(CartLimitExceededException), "Cart:Limits:MaxItemQuantity"),
        ["quantity int.MinValue"] = ((s, id) => s.PutItemsAsync(id, Default, [CartData.Item("a", int.MinValue)]), typeof(ArgumentException), "Quantity -2147483648 must be at least 1"),
        ["price decimal.MinValue"] = ((s, id) => s.PutItemsAsync(id, Default, [CartData.Item("a", price: decimal.MinValue)]), typeof(ArgumentException), "Price -79228162514264337593543950335 is negative"),
        ["1001 items"] = ((s, id) => s.PutItemsAsync(id, Default, Enumerable.Range(0, 1001).Select(i => CartData.Item("i" + i))), typeof(CartLimitExceededException), "Cart:Limits:MaxItems"),
        ["a 2 MB attribute"] = ((s, id) => s.PutItemsAsync(id, Default, [CartData.Item("a") with { Attributes = new Dictionary<string, JsonElement> { ["blob"] = CartData.Json(JsonSerializer.Serialize(new string('x', 2 << 20))) } }]), typeof(CartLimitExceededException), "Cart:Limits:MaxDataSizeBytes"),
        ["a 2 MB metadata value"] = ((s, id) => s.PutMetadataAsync(id, Default, "blob", CartData.Json(JsonSerializer.Serialize(new string('x', 2 << 20)))), typeof(CartLimitExceededException), "Cart:Limits:MaxDataSizeBytes"),
        ["metadata nested 200 levels deep"] = ((s, id) => s.PutMetadataAsync(id, Default, "deep", Deep(200)), typeof(ArgumentException), "nested more than 32 levels"),
        ["attribute nested 200 levels deep"] = ((s, id) => s.PutItemsAsync(id, Default, [CartData.Item("a") with { Attributes = new Dictionary<string, JsonElement> { ["deep"] = Deep(200) } }]), typeof(ArgumentException), "nested more than 32 levels"),
        ["condition target in capitals"] = ((s, id) => s.PutConditionsAsync(id, Default, [CartData.Condition("c", target: "TOTAL")]), typeof(ArgumentException), "Target 'TOTAL'"),
        ["an item in UpdateAsync with a duplicate id"] = ((s, id) => s.UpdateAsync(id, Default, c => c with { Items = [.. c.Items, c.Items[0]] }), typeof(ArgumentException), "appears more than once"),
        ["SaveAsync with a negative version"] = ((s, id) => s.SaveAsync(id, Default, CartSnapshot.Empty with { Version = -1 }), typeof(ArgumentException), "is negative"),
        ["SaveAsync with a stale version"] = ((s, id) => s.SaveAsync(id, Default, CartSnapshot.Empty with { Items = [CartData.Item("b")], Version = 7 }), typeof(CartConflictException), "expected version 7, found 1"),
    };

    public static TheoryData<string> CatalogueCases => [.. Catalogue.Keys];

    [Theory]
    [MemberData(nameof(CatalogueCases))]
    public async Task Catalogue_bad_write_throws_a_documented_exception_naming_the_problem_and_writes_nothing(string name)
    {
        var (write, exception, names) = Catalogue[name];
        var (id, neighbour) = await TwoCartsAsync();

        var thrown = await FluentActions.Awaiting(() => write(Storage, id)).Should().ThrowAsync<Exception>();

        thrown.Which.Should().BeOfType(exception.IsSubclassOf(typeof(CartStorageException)) ? exception : thrown.Which.GetType())
            .And.BeAssignableTo(exception);
        thrown.Which.Message.Should().Contain(names);
        await ShouldBeUntouchedAsync(id, neighbour);
        (await Storage.GetInstancesAsync(id)).Should().Equal(Default);
    }

    /// <summary>
    /// Issue 13: SQLite stored "user\uD800" and "user\uD801" both as "user\uFFFD", so the second user read the first
    /// user's cart. Both are refused on every backend, and well-formed pairs stay distinct carts.
    /// </summary>
    [Fact]
    public async Task Catalogue_identifiers_differing_only_in_an_unpaired_surrogate_never_share_a_cart()
    {
        var user = CartData.NewIdentifier();

        await FluentActions.Awaiting(() => Storage.PutItemsAsync(user + "\uD800", Default, [CartData.Item("first")])).Should().ThrowAsync<ArgumentException>().WithParameterName("identifier");
        await FluentActions.Awaiting(() => Storage.GetAsync(user + "\uD801", Default)).Should().ThrowAsync<ArgumentException>().WithParameterName("identifier");
        await Storage.PutItemsAsync(user + "\uD83D\uDED2", Default, [CartData.Item("cart")]);
        await Storage.PutItemsAsync(user + "\uD83D\uDED1", Default, [CartData.Item("stop")]);

        (await Storage.GetItemsAsync(user + "\uD83D\uDED2", Default)).Select(i => i.Id).Should().Equal("cart");
        (await Storage.GetItemsAsync(user + "\uD83D\uDED1", Default)).Select(i => i.Id).Should().Equal("stop");
        (await Storage.GetAsync(user + "\uFFFD", Default)).Should().BeNull();
    }

    [Fact]
    public async Task Catalogue_the_largest_decimal_price_round_trips_exactly()
    {
        var id = CartData.NewIdentifier();

        await Storage.PutItemsAsync(id, Default, [CartData.Item("a", price: decimal.MaxValue), CartData.Item("b", price: 0.0000000001m)]);

        (await Storage.GetItemsAsync(id, Default)).Select(i => i.Price).Should().Equal(decimal.MaxValue, 0.0000000001m);
    }

    [Fact]
    public async Task Catalogue_metadata_nested_32_levels_deep_the_documented_maximum_round_trips()
    {
        var id = CartData.NewIdentifier();

        await Storage.PutMetadataAsync(id, Default, "deep", Deep(32));

        (await Storage.GetMetadataAsync(id, Default, "deep"))!.Value.GetRawText().Should().Be(Deep(32).GetRawText());
    }

    /// <summary>A JSON value nested <paramref name="depth"/> arrays deep.</summary>
    private static JsonElement Deep(int depth)
    {
        using var document = JsonDocument.Parse(new string('[', depth) + new string(']', depth), new JsonDocumentOptions { MaxDepth = depth + 1 });
        return document.RootElement.Clone();
    }
}
