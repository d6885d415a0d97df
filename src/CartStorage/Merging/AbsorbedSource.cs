using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CartStorage;

/// <summary>
/// What a cache merge recorded in its target before issue 20 (read, no longer written; docs/merge.md) (<c>absorbed</c> of the stored cart): the source cart it merged (id and
/// version) and, per item id, the quantity it took from it. A merge called again after a crash between writing the
/// target and removing the source finds the record: with the same source version it only removes the source; if the
/// source was written since, it merges only what was added to it since, so no quantity is added twice and no later
/// write is missed.
/// </summary>
/// <remarks>Text form: <c>{id:N}:{version}:{json object of item id → quantity}</c>; an older record without quantities reads as having taken none.</remarks>
internal sealed record AbsorbedSource(Guid Id, long Version, IReadOnlyDictionary<string, long> Quantities)
{
    /// <summary>The record stored in a cart, or <see langword="null"/> for none or a text that is not one.</summary>
    public static AbsorbedSource? Parse(string? text)
    {
        var parts = text?.Split(':', 3);
        if (parts is not { Length: >= 2 } || !Guid.TryParseExact(parts[0], "N", out var id) || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return null;
        }

        var quantities = new Dictionary<string, long>(StringComparer.Ordinal);
        if (parts.Length == 3)
        {
            try
            {
                using var document = JsonDocument.Parse(parts[2]);
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    quantities[property.Name] = property.Value.GetInt64();
                }
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
            {
                return null;
            }
        }

        return new AbsorbedSource(id, version, quantities);
    }

    /// <summary>Whether this record is of <paramref name="source"/>'s cart at its current version: the merge already took all of it.</summary>
    public bool Covers(CartSnapshot source) => Id == source.Id && Version == source.Version;

    /// <summary>
    /// What of <paramref name="source"/> (the same cart, written since) this merge has not taken yet: each item line's
    /// quantity beyond what was absorbed for its id (lines in order); lines fully absorbed are left out. Conditions and
    /// metadata stay whole: merging them again changes nothing but what changed.
    /// </summary>
    public CartSnapshot Remainder(CartSnapshot source)
    {
        var budget = new Dictionary<string, long>(Quantities, StringComparer.Ordinal);
        var items = new List<CartItem>(source.Items.Count);
        foreach (var item in source.Items)
        {
            var taken = Math.Min(budget.GetValueOrDefault(item.Id), item.Quantity);
            budget[item.Id] = budget.GetValueOrDefault(item.Id) - taken;
            if (item.Quantity - taken > 0)
            {
                items.Add(item with { Quantity = (int)(item.Quantity - taken) });
            }
        }

        return source with { Items = items };
    }

    /// <summary>The record after also taking <paramref name="remainder"/> of <paramref name="source"/>.</summary>
    public AbsorbedSource Plus(CartSnapshot source, CartSnapshot remainder)
    {
        var quantities = new Dictionary<string, long>(Quantities, StringComparer.Ordinal);
        foreach (var (id, quantity) in Totals(remainder.Items))
        {
            quantities[id] = quantities.GetValueOrDefault(id) + quantity;
        }

        return new AbsorbedSource(source.Id, source.Version, quantities);
    }

    /// <summary>The text form stored in the target.</summary>
    public string Format()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (id, quantity) in Quantities.OrderBy(q => q.Key, StringComparer.Ordinal))
            {
                writer.WriteNumber(id, quantity);
            }

            writer.WriteEndObject();
        }

        return string.Create(CultureInfo.InvariantCulture, $"{Id:N}:{Version}:{Encoding.UTF8.GetString(buffer.WrittenSpan)}");
    }

    private static Dictionary<string, long> Totals(IEnumerable<CartItem> items)
    {
        var totals = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            totals[item.Id] = totals.GetValueOrDefault(item.Id) + item.Quantity;
        }

        return totals;
    }
}
