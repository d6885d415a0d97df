using System.Buffers;
using System.Text.Json;

namespace CartStorage;

/// <summary>
/// The attribute and metadata values of one stored document, parsed into one <see cref="JsonDocument"/> instead of one
/// per value (what <see cref="JsonElement.ParseValue"/> costs: a document, a copy of the value and its token table).
/// While <see cref="CartSerializer"/> reads a document it makes a collector current on its thread; the attributes
/// converter hands it each value's position in the input, and <see cref="Complete"/> parses them together and fills
/// in the elements.
/// </summary>
internal sealed class StoredAttributeValues
{
    [ThreadStatic]
    private static StoredAttributeValues? current;

    private readonly List<Range> ranges = [];
    private readonly List<(JsonElement[] Values, int Slot, int Value)> targets = [];
    private ReadOnlyMemory<byte> input;

    /// <summary>The collector of the document being read on this thread, or <see langword="null"/>.</summary>
    public static StoredAttributeValues? Current => current;

    /// <summary>
    /// Makes a collector current for a document read from <paramref name="input"/>; <see langword="null"/> when one
    /// already is (a read inside a read parses its values one by one).
    /// </summary>
    public static StoredAttributeValues? Begin(ReadOnlyMemory<byte> input)
    {
        if (current is not null)
        {
            return null;
        }

        current = new StoredAttributeValues { input = input };
        return current;
    }

    /// <summary>Records the value the reader is on (skipping past it) and returns its number.</summary>
    public int Add(ref Utf8JsonReader reader)
    {
        var start = (int)reader.TokenStartIndex;
        var first = reader.TokenType switch
        {
            JsonTokenType.StartObject => (byte)'{',
            JsonTokenType.StartArray => (byte)'[',
            JsonTokenType.String => (byte)'"',
            JsonTokenType.True => (byte)'t',
            JsonTokenType.False => (byte)'f',
            JsonTokenType.Null => (byte)'n',
            _ => input.Span[start],
        };

        // The reader's positions are the input's: a value that starts elsewhere means they are not (a library bug).
        if (input.Span[start] != first)
        {
            throw new InvalidOperationException($"The reader's position {start} is not the start of a {reader.TokenType} in the document read.");
        }

        reader.Skip();
        ranges.Add(new Range(start, (int)reader.BytesConsumed));
        return ranges.Count - 1;
    }

    /// <summary>Fills <paramref name="values"/>[<paramref name="slot"/>] with value number <paramref name="value"/> on <see cref="Complete"/>.</summary>
    public void Assign(JsonElement[] values, int slot, int value) => targets.Add((values, slot, value));

    /// <summary>Parses the recorded values as one JSON array and fills in every assigned element; ends the collection.</summary>
    public void Complete()
    {
        End();
        if (ranges.Count == 0)
        {
            return;
        }

        using var json = new PooledBuffer();
        var span = input.Span;
        json.Write("["u8);
        for (var i = 0; i < ranges.Count; i++)
        {
            if (i > 0)
            {
                json.Write(","u8);
            }

            json.Write(span[ranges[i]]);
        }

        json.Write("]"u8);

        // The pooled document is cloned into one that owns exactly its bytes, so the pooled arrays go back at once.
        using var parsed = JsonDocument.Parse(json.WrittenMemory);
        var elements = new JsonElement[ranges.Count];
        var index = 0;
        foreach (var element in parsed.RootElement.Clone().EnumerateArray())
        {
            elements[index++] = element;
        }

        foreach (var (values, slot, value) in targets)
        {
            values[slot] = elements[value];
        }
    }

    /// <summary>Ends the collection without parsing (the read failed).</summary>
    public void End()
    {
        if (ReferenceEquals(current, this))
        {
            current = null;
        }
    }
}
