using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace CartStorage;

/// <summary>Checks keys and cart contents against <see cref="CartLimitsOptions"/> before anything is written.</summary>
/// <remarks>
/// A passing check allocates nothing: paths such as <c>Items[3].Name</c> are <see cref="CartPath"/> values, turned into
/// text only for the message of a failed check.
/// </remarks>
internal sealed class CartValidator(CartLimitsOptions limits)
{
    /// <summary>
    /// Deepest nesting of an attribute or metadata value. The serializer stops at 64 levels and the stored cart wraps a
    /// value in up to 6 levels of its own, so deeper values could never be written.
    /// </summary>
    public const int MaxJsonDepth = 32;

    /// <summary>Up to this many items, duplicate ids are found by comparing pairs, without a set.</summary>
    private const int PairwiseIdCheck = 16;

    public CartLimitsOptions Limits => limits;

    public void Key(string identifier, string instance)
    {
        Text(identifier, nameof(identifier));
        Text(instance, nameof(instance));
    }

    public void Text(string? value, in CartPath path)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(value, path.ToString());
        }

        Optional(value, path);
    }

    /// <summary>
    /// A key checked without the limits (the extension methods' eager check): not null, empty or whitespace, no NUL,
    /// valid UTF-16.
    /// </summary>
    public static void PlainText(string? value, string paramName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value, paramName);
        Storable(value, paramName);
    }

    /// <summary>Checks every rule a write enforces.</summary>
    /// <param name="snapshot">The cart to check.</param>
    /// <param name="checkedItems">
    /// A cart whose items were already checked (read from the store and checked there): an item of
    /// <paramref name="snapshot"/> that is the same instance, in the same order, is checked against the limits only.
    /// Items read from a store are immutable (their collections are read-only types), so the same instance has the
    /// same contents.
    /// </param>
    public void Contents(CartSnapshot snapshot, CartSnapshot? checkedItems = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.Items is null || snapshot.Conditions is null || snapshot.Metadata is null)
        {
            throw new ArgumentException("Items, Conditions and Metadata must not be null.", nameof(snapshot));
        }

        var items = snapshot.Items;
        if (items.Count > limits.MaxItems)
        {
            throw new CartLimitExceededException(
                "Cart:Limits:MaxItems",
                limits.MaxItems,
                items.Count,
                $"The cart has {items.Count} items; Cart:Limits:MaxItems is {limits.MaxItems}.");
        }

        var known = checkedItems?.Items;
        var next = 0;
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i] ?? throw new ArgumentException($"Items[{i}] is null.", "items");

            // The checked items are matched in order, allowing one removed item at a time: appends, in-place
            // replacements and removals keep every other item unchecked.
            if (known is not null && next < known.Count && ReferenceEquals(item, known[next]))
            {
                next++;
                ItemLimits(item, i);
            }
            else if (known is not null && next + 1 < known.Count && ReferenceEquals(item, known[next + 1]))
            {
                next += 2;
                ItemLimits(item, i);
            }
            else
            {
                Item(item, i);
            }
        }

        UniqueIds(items);
        Conditions(snapshot.Conditions, "conditions");
        Metadata(snapshot.Metadata);
    }

    private void Conditions(IReadOnlyList<CartCondition> conditions, string path)
    {
        for (var i = 0; i < conditions.Count; i++)
        {
            var condition = conditions[i] ?? throw new ArgumentException($"{path}[{i}] is null.", path);
            Text(condition.Name, new CartPath(path, i, ".Name"));
            Text(condition.Type, new CartPath(path, i, ".Type"));
            if (condition.Target is not (CartConditionTargets.Subtotal or CartConditionTargets.Total or CartConditionTargets.Item))
            {
                throw new ArgumentException($"{new CartPath(path, i, ".Target")} '{condition.Target}' must be subtotal, total or item.", path);
            }

            Text(condition.Value, new CartPath(path, i, ".Value"));
            if (!IsConditionValue(condition.Value))
            {
                throw new ArgumentException($"{new CartPath(path, i, ".Value")} '{condition.Value}' must be a signed number with an optional %, such as -10% or +5.00.", path);
            }

            Attributes(condition.Attributes, path, i);
        }
    }

    private void Metadata(IReadOnlyDictionary<string, JsonElement> metadata)
    {
        if (metadata is StoredAttributes stored)
        {
            for (var i = 0; i < stored.Count; i++)
            {
                MetadataValue(stored.KeyAt(i), stored.ValueAt(i));
            }
        }
        else if (metadata.Count > 0)
        {
            foreach (var (key, value) in metadata)
            {
                MetadataValue(key, value);
            }
        }
    }

    private void MetadataValue(string key, JsonElement value)
    {
        Text(key, nameof(key));
        JsonValue(value, new CartPath("metadata", Key: key));
    }

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

    /// <summary>Item ids are unique in a cart (ordinal).</summary>
    private static void UniqueIds(IReadOnlyList<CartItem> items)
    {
        if (items.Count <= PairwiseIdCheck)
        {
            for (var i = 1; i < items.Count; i++)
            {
                for (var j = 0; j < i; j++)
                {
                    if (string.Equals(items[i].Id, items[j].Id, StringComparison.Ordinal))
                    {
                        throw DuplicateId(items[i], i);
                    }
                }
            }

            return;
        }

        var ids = new HashSet<string>(items.Count, StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            if (!ids.Add(items[i].Id))
            {
                throw DuplicateId(items[i], i);
            }
        }
    }

    private static ArgumentException DuplicateId(CartItem item, int index) =>
        new($"Items[{index}].Id '{item.Id}' appears more than once; item ids are unique in a cart.", "items");

    private void Item(CartItem item, int index)
    {
        Text(item.Id, new CartPath("Items", index, ".Id"));
        if (item.Name is null || (item.Name.Length > 0 && string.IsNullOrWhiteSpace(item.Name)))
        {
            throw new ArgumentException($"Items[{index}].Name is null or blank; use an empty string for an item without a name.", "items");
        }

        Optional(item.Name, new CartPath("Items", index, ".Name"));
        if (item.Price < 0)
        {
            throw new ArgumentException($"Items[{index}].Price {item.Price.ToString(CultureInfo.InvariantCulture)} is negative.", "items");
        }

        if (item.Quantity < 1)
        {
            throw new ArgumentException($"Items[{index}].Quantity {item.Quantity} must be at least 1.", "items");
        }

        Quantity(item, index);
        if (item.AssociatedModel is not null)
        {
            Optional(item.AssociatedModel, new CartPath("Items", index, ".AssociatedModel"));
        }

        Attributes(item.Attributes, "Items", index);
        if (item.Conditions is null)
        {
            throw new ArgumentException($"Items[{index}].Conditions is null.", "items");
        }

        if (item.Conditions.Count > 0)
        {
            Conditions(item.Conditions, $"Items[{index}].Conditions");
        }
    }

    /// <summary>
    /// The limits of an item whose other rules were checked already: a limit lowered since the item was written still
    /// applies to the next write.
    /// </summary>
    private void ItemLimits(CartItem item, int index)
    {
        Quantity(item, index);
        Length(item.Id, new CartPath("Items", index, ".Id"));
        Length(item.Name, new CartPath("Items", index, ".Name"));
        if (item.AssociatedModel is not null)
        {
            Length(item.AssociatedModel, new CartPath("Items", index, ".AssociatedModel"));
        }

        KeyLengths(item.Attributes, "Items", index);
        if (item.Conditions.Count == 0)
        {
            return;
        }

        var path = $"Items[{index}].Conditions";
        for (var i = 0; i < item.Conditions.Count; i++)
        {
            var condition = item.Conditions[i];
            Length(condition.Name, new CartPath(path, i, ".Name"));
            Length(condition.Type, new CartPath(path, i, ".Type"));
            Length(condition.Value, new CartPath(path, i, ".Value"));
            KeyLengths(condition.Attributes, path, i);
        }
    }

    private void Quantity(CartItem item, int index)
    {
        if (item.Quantity > limits.MaxItemQuantity)
        {
            throw new CartLimitExceededException(
                "Cart:Limits:MaxItemQuantity",
                limits.MaxItemQuantity,
                item.Quantity,
                $"Items[{index}].Quantity {item.Quantity} is above Cart:Limits:MaxItemQuantity {limits.MaxItemQuantity}.");
        }
    }

    /// <summary>The attributes of the item or condition at <paramref name="index"/> of <paramref name="list"/>.</summary>
    private void Attributes(IReadOnlyDictionary<string, JsonElement> attributes, string list, int index)
    {
        if (attributes is null)
        {
            var path = new CartPath(list, index, ".Attributes").ToString();
            throw new ArgumentException($"{path} is null.", path);
        }

        if (attributes is StoredAttributes stored)
        {
            for (var i = 0; i < stored.Count; i++)
            {
                Attribute(stored.KeyAt(i), stored.ValueAt(i), list, index);
            }
        }
        else if (attributes.Count > 0)
        {
            foreach (var (key, value) in attributes)
            {
                Attribute(key, value, list, index);
            }
        }
    }

    private void Attribute(string key, JsonElement value, string list, int index)
    {
        Text(key, new CartPath(list, index, ".Attributes key"));
        JsonValue(value, new CartPath(list, index, ".Attributes", key));
    }

    private void KeyLengths(IReadOnlyDictionary<string, JsonElement> attributes, string list, int index)
    {
        if (attributes is StoredAttributes stored)
        {
            for (var i = 0; i < stored.Count; i++)
            {
                Length(stored.KeyAt(i), new CartPath(list, index, ".Attributes key"));
            }
        }
        else if (attributes.Count > 0)
        {
            foreach (var key in attributes.Keys)
            {
                Length(key, new CartPath(list, index, ".Attributes key"));
            }
        }
    }

    /// <summary>Text that may be empty: no NUL, valid UTF-16, at most <c>Cart:Limits:MaxStringLength</c> characters.</summary>
    private void Optional(string value, in CartPath path)
    {
        Storable(value, path);
        Length(value, path);
    }

    private void Length(string value, in CartPath path)
    {
        if (value.Length > limits.MaxStringLength)
        {
            throw new CartLimitExceededException(
                "Cart:Limits:MaxStringLength",
                limits.MaxStringLength,
                value.Length,
                $"'{path}' is {value.Length} characters long; Cart:Limits:MaxStringLength is {limits.MaxStringLength}.");
        }
    }

    private static bool IsConditionValue(string value)
    {
        var span = value.AsSpan();
        if (span.Length > 0 && span[0] is '+' or '-')
        {
            span = span[1..];
        }

        if (span.Length > 0 && span[^1] == '%')
        {
            span = span[..^1];
        }

        return span.Length > 0
            && char.IsAsciiDigit(span[0])
            && char.IsAsciiDigit(span[^1])
            && decimal.TryParse(span, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _);
    }
}
