using System.Text;
using System.Text.RegularExpressions;

namespace CartStorage.Tests;

/// <summary>Keeps docs/stored-format.md true: its example is read by the library, and what the library writes has the documented members.</summary>
public sealed partial class StoredFormatTests
{
    private static readonly CartKey Key = new("user:1", "default");

    [Fact]
    public void The_documented_example_reads_as_the_cart_it_describes()
    {
        var cart = new CartSerializer(new CartLimitsOptions()).Deserialize(Key, Encoding.UTF8.GetBytes(DocumentedExample())).ToSnapshot();

        cart.Version.Should().Be(3);
        cart.Id.Should().Be(Guid.Parse("6f1c1ad3-5d2b-4a8e-9d55-2f0d3cbe8a11"));
        cart.Items.Should().ContainSingle();
        cart.Items[0].Price.Should().Be(9.50m);
        cart.Items[0].Quantity.Should().Be(2);
        cart.Items[0].Attributes["colour"].GetString().Should().Be("blue");
        cart.Items[0].Conditions.Should().ContainSingle().Which.Value.Should().Be("-10%");
        cart.Items[0].AssociatedModel.Should().Be("Shop.Product:42");
        cart.Conditions.Should().ContainSingle().Which.Order.Should().Be(1);
        cart.Metadata["coupon"].GetString().Should().Be("SAVE10");
    }

    [Fact]
    public void What_the_library_writes_has_exactly_the_documented_members()
    {
        var serializer = new CartSerializer(new CartLimitsOptions());
        var example = serializer.Deserialize(Key, Encoding.UTF8.GetBytes(DocumentedExample()));

        var written = Encoding.UTF8.GetString(serializer.Serialize(example));

        using var document = System.Text.Json.JsonDocument.Parse(written);
        document.RootElement.EnumerateObject().Select(p => p.Name).Should().Equal(
            "format", "generation", "id", "version", "createdAt", "updatedAt", "indexedAt", "items", "conditions", "metadata");
        document.RootElement.GetProperty("items")[0].EnumerateObject().Select(p => p.Name).Should().Equal(
            "id", "name", "price", "quantity", "attributes", "conditions", "associatedModel");
        written.Should().NotContain("$type");
    }

    [Theory]
    [InlineData("a", "a")]
    [InlineData("user-1_x", "user-1_x")]
    [InlineData("a:b", "a%3Ab")]
    [InlineData("{x}", "%7Bx%7D")]
    [InlineData("%", "%25")]
    [InlineData("ü", "%u00FC")]
    [InlineData("a b\n", "a%20b%0A")]
    public void Key_segments_are_encoded_as_documented(string value, string encoded)
    {
        CartKeyEncoder.Encode(value).Should().Be(encoded);
    }

    private static string DocumentedExample()
    {
        var doc = File.ReadAllText(Testing.Repository.File("docs", "stored-format.md"));
        return JsonBlock().Match(doc).Groups[1].Value;
    }

    [GeneratedRegex("```json\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();
}
