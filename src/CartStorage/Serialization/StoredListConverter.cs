using System.Collections.ObjectModel;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CartStorage;

/// <summary>
/// Reads the items and conditions of a stored cart as read-only lists (an empty array when there are none), so no
/// caller can change what was checked on read: an item read from a store and handed back unchanged is the same item.
/// Elements are read and written by their own converter (<see cref="CartItemConverter"/>, <see cref="CartConditionConverter"/>).
/// </summary>
/// <typeparam name="T">The element: <see cref="CartItem"/> or <see cref="CartCondition"/>.</typeparam>
internal sealed class StoredListConverter<T> : JsonConverter<IReadOnlyList<T>>
    where T : class
{
    public static IReadOnlyList<T> ReadList(ref Utf8JsonReader reader, JsonConverter<T> element, string member)
    {
        StoredJson.Expect(ref reader, JsonTokenType.StartArray, "an array", member);
        List<T>? list = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            // A null element is kept: the stored-cart check reports it as corruption, naming its position.
            (list ??= []).Add(element.Read(ref reader, typeof(T), null!)!);
        }

        return list is null ? [] : new ReadOnlyCollection<T>(list);
    }

    public static void WriteList(Utf8JsonWriter writer, JsonConverter<T> element, IReadOnlyList<T> values)
    {
        writer.WriteStartArray();
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] is { } value)
            {
                element.Write(writer, value, null!);
            }
            else
            {
                writer.WriteNullValue();
            }
        }

        writer.WriteEndArray();
    }

    public override IReadOnlyList<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ReadList(ref reader, Element(options), "list");

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<T> value, JsonSerializerOptions options) =>
        WriteList(writer, Element(options), value);

    private static JsonConverter<T> Element(JsonSerializerOptions options) => (JsonConverter<T>)options.GetConverter(typeof(T));
}
