using System.Text.Json;
using System.Text.Json.Serialization;

namespace CartStorage;

/// <summary>
/// Reads attributes and metadata as <see cref="StoredAttributes"/> (read-only, two arrays, nothing for an empty
/// object) instead of a <see cref="Dictionary{TKey, TValue}"/>; a key repeated in the JSON keeps its last value, as a
/// dictionary would. Writes any dictionary as a JSON object.
/// </summary>
internal sealed class StoredAttributesConverter : JsonConverter<IReadOnlyDictionary<string, JsonElement>>
{
    public static IReadOnlyDictionary<string, JsonElement> ReadAttributes(ref Utf8JsonReader reader, string member)
    {
        StoredJson.Expect(ref reader, JsonTokenType.StartObject, "an object", member);

        string[] keys = [];
        JsonElement[] values = [];
        var count = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.GetString()!;
            reader.Read();
            var slot = Array.IndexOf(keys, key, 0, count);
            if (slot < 0)
            {
                if (count == keys.Length)
                {
                    Array.Resize(ref keys, Math.Max(2, count * 2));
                    Array.Resize(ref values, keys.Length);
                }

                slot = count++;
                keys[slot] = key;
            }

            // A key repeated in the JSON keeps its last value.
            values[slot] = JsonElement.ParseValue(ref reader);
        }

        return count == 0 ? CartDefaults.EmptyAttributes : new StoredAttributes(keys, values, count);
    }

    public static void WriteAttributes(Utf8JsonWriter writer, IReadOnlyDictionary<string, JsonElement> value)
    {
        writer.WriteStartObject();
        if (value is StoredAttributes stored)
        {
            for (var i = 0; i < stored.Count; i++)
            {
                writer.WritePropertyName(stored.KeyAt(i));
                stored.ValueAt(i).WriteTo(writer);
            }
        }
        else if (value.Count > 0)
        {
            foreach (var (key, element) in value)
            {
                writer.WritePropertyName(key);
                element.WriteTo(writer);
            }
        }

        writer.WriteEndObject();
    }

    public override IReadOnlyDictionary<string, JsonElement> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ReadAttributes(ref reader, "attributes");

    public override void Write(Utf8JsonWriter writer, IReadOnlyDictionary<string, JsonElement> value, JsonSerializerOptions options) =>
        WriteAttributes(writer, value);
}
