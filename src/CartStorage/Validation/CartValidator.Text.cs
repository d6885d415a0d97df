using System.Runtime.InteropServices;
using System.Text.Json;

namespace CartStorage;

/// <summary>
/// The rules of text every store can hold, for keys, strings and JSON attribute and metadata values: no NUL, valid
/// UTF-16, JSON nested at most <see cref="MaxJsonDepth"/> levels.
/// </summary>
internal sealed partial class CartValidator
{
    public static void JsonValue(JsonElement value, in CartPath path)
    {
        if (value.ValueKind == JsonValueKind.Undefined)
        {
            throw new ArgumentException($"{path} is an undefined JsonElement (default(JsonElement)); pass a JSON value.", path.ToString());
        }

        JsonTree(value, path, 1);
    }

    /// <summary>
    /// Checks what every store can hold: at most <see cref="MaxJsonDepth"/> levels; strings and property names without
    /// NUL and valid UTF-16. JSON text without an escape sequence cannot hold either (the reader refuses control
    /// characters and invalid UTF-8), so only escaped text is decoded and scanned.
    /// </summary>
    private static void JsonTree(JsonElement value, in CartPath path, int depth)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object or JsonValueKind.Array when depth > MaxJsonDepth:
                throw new ArgumentException($"{path} is nested more than {MaxJsonDepth} levels deep; attribute and metadata values may be nested at most {MaxJsonDepth} levels.", path.ToString());
            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject())
                {
                    if (JsonMarshal.GetRawUtf8PropertyName(property).Contains((byte)'\\'))
                    {
                        Storable(JsonText(property, path), path);
                    }

                    JsonTree(property.Value, path, depth + 1);
                }

                break;
            case JsonValueKind.Array:
                foreach (var element in value.EnumerateArray())
                {
                    JsonTree(element, path, depth + 1);
                }

                break;
            case JsonValueKind.String when JsonMarshal.GetRawUtf8Value(value).Contains((byte)'\\'):
                Storable(JsonText(value, path), path);
                break;
        }
    }

    /// <summary>
    /// A JSON property name or string; System.Text.Json refuses to unescape a lone surrogate (<c>"\uD800"</c>) with
    /// <see cref="InvalidOperationException"/>.
    /// </summary>
    private static string JsonText(JsonProperty property, in CartPath path)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException e)
        {
            throw NotUtf16(path, e);
        }
    }

    /// <inheritdoc cref="JsonText(JsonProperty, in CartPath)"/>
    private static string JsonText(JsonElement value, in CartPath path)
    {
        try
        {
            return value.GetString() ?? string.Empty;
        }
        catch (InvalidOperationException e)
        {
            throw NotUtf16(path, e);
        }
    }

    private static ArgumentException NotUtf16(in CartPath path, InvalidOperationException e) =>
        new($"{path} contains a string that is not valid UTF-16 (an unpaired surrogate); every store would replace it with U+FFFD.", path.ToString(), e);

    /// <summary>
    /// Text every store keeps exactly: no NUL (PostgreSQL text and jsonb cannot store it) and valid UTF-16. An unpaired
    /// surrogate is replaced by U+FFFD on the way to UTF-8 (SQLite, Redis, JSON), so two distinct keys such as
    /// <c>"user\uD800"</c> and <c>"user\uD801"</c> would be stored as one.
    /// </summary>
    private static void Storable(string value, in CartPath path)
    {
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{path}' contains a NUL character (U+0000), which PostgreSQL text and jsonb cannot store; remove it.", path.ToString());
        }

        var index = FirstUnpairedSurrogate(value);
        if (index >= 0)
        {
            throw new ArgumentException($"'{path}' is not valid UTF-16: an unpaired surrogate at position {index}, which every store would replace with U+FFFD; send well-formed text.", path.ToString());
        }
    }

    /// <summary>The position of the first surrogate that is not part of a high-low pair, or -1.</summary>
    private static int FirstUnpairedSurrogate(ReadOnlySpan<char> value)
    {
        var offset = 0;
        while (true)
        {
            var found = value[offset..].IndexOfAnyInRange('\uD800', '\uDFFF');
            if (found < 0)
            {
                return -1;
            }

            var at = offset + found;
            if (!char.IsHighSurrogate(value[at]) || at + 1 == value.Length || !char.IsLowSurrogate(value[at + 1]))
            {
                return at;
            }

            offset = at + 2;
        }
    }
}
