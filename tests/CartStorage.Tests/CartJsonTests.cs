using System.Text;
using System.Text.Json;

namespace CartStorage.Tests;

/// <summary>
/// <see cref="CartJson"/>, the stored format part by part for backends outside the core: the same text as the stored
/// documents, and the same corruption checks.
/// </summary>
public sealed class CartJsonTests
{
    private static readonly CartKey Key = new("u", "web");

    [Fact]
    public void Parts_read_back_as_written()
    {
        var items = new[] { new CartItem { Id = "sku-1", Name = "Mug <big> & \"blue\" ☕", Price = 0.1000000000000000055511151231257827m, Quantity = 2 } };

        var read = CartJson.DeserializeItems(Key, CartJson.SerializeItems(items));

        read.Should().ContainSingle().Which.Should().BeEquivalentTo(items[0]);
        CartJson.DeserializeIdempotencyKeys(Key, CartJson.SerializeIdempotencyKeys(["k1", "ключ"])).Should().Equal("k1", "ключ");
        CartJson.DeserializeInstances("u", CartJson.SerializeInstances(["web", "app", "web"])).Should().Equal("web", "app");
    }

    [Fact]
    public void A_string_is_escaped_as_the_stored_documents_escape_it()
    {
        const string text = "clé <b> & \"q\" ☕";
        var items = CartJson.SerializeItems([new CartItem { Id = text, Quantity = 1 }]);

        items.Should().Contain(CartJson.SerializeString(text));
        JsonSerializer.Deserialize<string>(CartJson.SerializeString(text)).Should().Be(text);
    }

    [Fact]
    public void Text_that_is_not_a_part_is_corruption_naming_the_cart()
    {
        var read = () => CartJson.DeserializeItems(Key, "{\"not\":\"an array\"}");

        read.Should().Throw<CartDataCorruptedException>().Which.Instance.Should().Be("web");
    }

    [Fact]
    public void A_cart_assembled_from_parts_is_checked_as_a_stored_document_would_be()
    {
        var check = () => CartJson.CheckStored(Key, new CartSnapshot { Version = 0, Items = [] });

        check.Should().Throw<CartDataCorruptedException>().WithMessage("*version 0*");
        CartJson.CheckStored(Key, new CartSnapshot { Version = 3, Id = Guid.NewGuid() }).Version.Should().Be(3);
        Encoding.UTF8.GetString(CartJson.SerializeInstances(["a"])).Should().Contain("\"instances\":[\"a\"]");
    }
}
