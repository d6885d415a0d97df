using System.Text.Json;
using System.Text.Json.Serialization;

namespace CartStorage;

/// <summary>Reads and writes a <see cref="CartCondition"/> of the stored format by hand, as <see cref="CartItemConverter"/> does an item.</summary>
internal sealed class CartConditionConverter : JsonConverter<CartCondition>
{
    private static readonly CartConditionConverter Instance = new();
    private const int NameAt = 0, TypeAt = 1, TargetAt = 2, ValueAt = 3, OrderAt = 4, AttributesAt = 5;

    private static readonly JsonEncodedText[] Members =
        [.. new[] { "name", "type", "target", "value", "order", "attributes" }.Select(name => JsonEncodedText.Encode(name))];

    /// <summary>A JSON array of conditions (the conditions of an item).</summary>
    public static IReadOnlyList<CartCondition> ReadList(ref Utf8JsonReader reader, string member) =>
        StoredListConverter<CartCondition>.ReadList(ref reader, Instance, member);

    /// <inheritdoc cref="ReadList"/>
    public static void WriteList(Utf8JsonWriter writer, IReadOnlyList<CartCondition> conditions) =>
        StoredListConverter<CartCondition>.WriteList(writer, Instance, conditions);

    public override CartCondition? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        StoredJson.Expect(ref reader, JsonTokenType.StartObject, "a condition object");
        string? name = null;
        string? type = null;
        var target = CartConditionTargets.Subtotal;
        string? value = null;
        var order = 0;
        var attributes = CartDefaults.EmptyAttributes;
        for (var member = StoredJson.NextMember(ref reader, Members); member >= 0; member = StoredJson.NextMember(ref reader, Members))
        {
            switch (member)
            {
                case NameAt: name = StoredJson.String(ref reader, "name"); break;
                case TypeAt: type = StoredJson.String(ref reader, "type"); break;
                case TargetAt: target = ReadTarget(ref reader); break;
                case ValueAt: value = StoredJson.String(ref reader, "value"); break;
                case OrderAt: order = StoredJson.Int32(ref reader, "order"); break;
                case AttributesAt: attributes = StoredAttributesConverter.ReadAttributes(ref reader, "attributes"); break;
            }
        }

        return new CartCondition
        {
            Name = StoredJson.Required(name, "name"),
            Type = StoredJson.Required(type, "type"),
            Target = target,
            Value = StoredJson.Required(value, "value"),
            Order = order,
            Attributes = attributes,
        };
    }

    public override void Write(Utf8JsonWriter writer, CartCondition value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString(Members[NameAt], value.Name);
        writer.WriteString(Members[TypeAt], value.Type);
        writer.WriteString(Members[TargetAt], value.Target);
        writer.WriteString(Members[ValueAt], value.Value);
        writer.WriteNumber(Members[OrderAt], value.Order);
        writer.WritePropertyName(Members[AttributesAt]);
        StoredAttributesConverter.WriteAttributes(writer, value.Attributes);
        writer.WriteEndObject();
    }

    /// <summary>The three valid targets are the constants themselves (no string per condition); anything else as read.</summary>
    private static string ReadTarget(ref Utf8JsonReader reader)
    {
        StoredJson.Expect(ref reader, JsonTokenType.String, "a string", "target");
        return reader.ValueTextEquals(CartConditionTargets.Subtotal) ? CartConditionTargets.Subtotal
            : reader.ValueTextEquals(CartConditionTargets.Item) ? CartConditionTargets.Item
            : reader.ValueTextEquals(CartConditionTargets.Total) ? CartConditionTargets.Total
            : reader.GetString()!;
    }
}
