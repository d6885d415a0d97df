using System.Text.Json;
using System.Text.Json.Serialization;

namespace CartStorage;

/// <summary>
/// Reads and writes a <see cref="CartItem"/> of the stored format by hand. The source-generated converter builds a
/// record with <c>required</c> and <c>init</c> members through a parameterized constructor: every value collected into
/// an argument array first, price and quantity boxed. Same JSON, same refusals (see <see cref="StoredJson"/>).
/// </summary>
internal sealed class CartItemConverter : JsonConverter<CartItem>
{
    private const int IdAt = 0, NameAt = 1, PriceAt = 2, QuantityAt = 3, AttributesAt = 4, ConditionsAt = 5, AssociatedModelAt = 6;

    private static readonly JsonEncodedText[] Members =
        [.. new[] { "id", "name", "price", "quantity", "attributes", "conditions", "associatedModel" }.Select(name => JsonEncodedText.Encode(name))];

    public override CartItem? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        StoredJson.Expect(ref reader, JsonTokenType.StartObject, "an item object");
        string? id = null;
        var name = string.Empty;
        var price = 0m;
        var quantity = 1;
        var attributes = CartDefaults.EmptyAttributes;
        IReadOnlyList<CartCondition> conditions = [];
        string? associatedModel = null;
        for (var member = StoredJson.NextMember(ref reader, Members); member >= 0; member = StoredJson.NextMember(ref reader, Members))
        {
            switch (member)
            {
                case IdAt: id = StoredJson.String(ref reader, "id"); break;
                case NameAt: name = StoredJson.String(ref reader, "name"); break;
                case PriceAt: price = StoredJson.Decimal(ref reader, "price"); break;
                case QuantityAt: quantity = StoredJson.Int32(ref reader, "quantity"); break;
                case AttributesAt: attributes = StoredAttributesConverter.ReadAttributes(ref reader, "attributes"); break;
                case ConditionsAt: conditions = CartConditionConverter.ReadList(ref reader, "conditions"); break;
                case AssociatedModelAt: associatedModel = StoredJson.NullableString(ref reader, "associatedModel"); break;
            }
        }

        return new CartItem
        {
            Id = StoredJson.Required(id, "id"),
            Name = name,
            Price = price,
            Quantity = quantity,
            Attributes = attributes,
            Conditions = conditions,
            AssociatedModel = associatedModel,
        };
    }

    public override void Write(Utf8JsonWriter writer, CartItem value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString(Members[IdAt], value.Id);
        writer.WriteString(Members[NameAt], value.Name);
        writer.WriteNumber(Members[PriceAt], value.Price);
        writer.WriteNumber(Members[QuantityAt], value.Quantity);
        writer.WritePropertyName(Members[AttributesAt]);
        StoredAttributesConverter.WriteAttributes(writer, value.Attributes);
        writer.WritePropertyName(Members[ConditionsAt]);
        CartConditionConverter.WriteList(writer, value.Conditions);
        if (value.AssociatedModel is not null)
        {
            writer.WriteString(Members[AssociatedModelAt], value.AssociatedModel);
        }

        writer.WriteEndObject();
    }
}
