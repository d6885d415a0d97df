using System.Globalization;
using System.Text.Json;

namespace CartStorage;

/// <summary>Checks keys and cart contents against <see cref="CartLimitsOptions"/> before anything is written.</summary>
internal sealed class CartValidator(CartLimitsOptions limits)
{
    /// <summary>
    /// Deepest nesting of an attribute or metadata value. The serializer stops at 64 levels and the stored cart wraps a
    /// value in up to 6 levels of its own, so deeper values could never be written.
    /// </summary>
    public const int MaxJsonDepth = 32;

    public CartLimitsOptions Limits => limits;

    public void Key(string identifier, string instance)
    {
        Text(identifier, nameof(identifier));
        Text(instance, nameof(instance));
    }

    public void Text(string? value, string paramName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value, paramName);
        Optional(value, paramName);
    }

    /// <summary>A key checked without the limits (the extension methods' eager check): not null, empty or whitespace, no NUL.</summary>
    public static void PlainText(string? value, string paramName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value, paramName);
        NoNul(value, paramName);
    }

    public void Contents(CartSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.Items is null || snapshot.Conditions is null || snapshot.Metadata is null)
        {
            throw new ArgumentException("Items, Conditions and Metadata must not be null.", nameof(snapshot));
        }

        if (snapshot.Items.Count > limits.MaxItems)
        {
            throw new CartLimitExceededException(
                "Cart:Limits:MaxItems",
                limits.MaxItems,
                snapshot.Items.Count,
                $"The cart has {snapshot.Items.Count} items; Cart:Limits:MaxItems is {limits.MaxItems}.");
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < snapshot.Items.Count; i++)
        {
            var item = snapshot.Items[i] ?? throw new ArgumentException($"Items[{i}] is null.", "items");
            Item(item, i);
            if (!ids.Add(item.Id))
            {
                throw new ArgumentException($"Items[{i}].Id '{item.Id}' appears more than once; item ids are unique in a cart.", "items");
            }
        }

        Conditions(snapshot.Conditions, "conditions");
        Metadata(snapshot.Metadata);
    }

    public void Conditions(IReadOnlyList<CartCondition> conditions, string path)
    {
        for (var i = 0; i < conditions.Count; i++)
        {
            var condition = conditions[i] ?? throw new ArgumentException($"{path}[{i}] is null.", path);
            var at = $"{path}[{i}]";
            Text(condition.Name, at + ".Name");
            Text(condition.Type, at + ".Type");
            if (condition.Target is not (CartConditionTargets.Subtotal or CartConditionTargets.Total or CartConditionTargets.Item))
            {
                throw new ArgumentException($"{at}.Target '{condition.Target}' must be subtotal, total or item.", path);
            }

            Text(condition.Value, at + ".Value");
            if (!IsConditionValue(condition.Value))
            {
                throw new ArgumentException($"{at}.Value '{condition.Value}' must be a signed number with an optional %, such as -10% or +5.00.", path);
            }

            Attributes(condition.Attributes, at + ".Attributes");
        }
    }

    public void Metadata(IReadOnlyDictionary<string, JsonElement> metadata)
    {
        foreach (var (key, value) in metadata)
        {
            Text(key, nameof(key));
            JsonValue(value, $"metadata['{key}']");
        }
    }

    public void MetadataKey(string key) => Text(key, nameof(key));

    public static void JsonValue(JsonElement value, string path)
    {
        if (value.ValueKind == JsonValueKind.Undefined)
        {
            throw new ArgumentException($"{path} is an undefined JsonElement (default(JsonElement)); pass a JSON value.", path);
        }

        JsonTree(value, path, 1);
    }

    /// <summary>Checks what every store can hold: at most <see cref="MaxJsonDepth"/> levels, no NUL in strings or property names.</summary>
    private static void JsonTree(JsonElement value, string path, int depth)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object or JsonValueKind.Array when depth > MaxJsonDepth:
                throw new ArgumentException($"{path} is nested more than {MaxJsonDepth} levels deep; attribute and metadata values may be nested at most {MaxJsonDepth} levels.", path);
            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject())
                {
                    NoNul(property.Name, path);
                    JsonTree(property.Value, path, depth + 1);
                }

                break;
            case JsonValueKind.Array:
                foreach (var element in value.EnumerateArray())
                {
                    JsonTree(element, path, depth + 1);
                }

                break;
            case JsonValueKind.String:
                NoNul(value.GetString()!, path);
                break;
        }
    }

    private static void NoNul(string value, string paramName)
    {
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{paramName}' contains a NUL character (U+0000), which PostgreSQL text and jsonb cannot store; remove it.", paramName);
        }
    }

    private void Item(CartItem item, int index)
    {
        var at = $"Items[{index}]";
        Text(item.Id, at + ".Id");
        if (item.Name is null || (item.Name.Length > 0 && string.IsNullOrWhiteSpace(item.Name)))
        {
            throw new ArgumentException($"{at}.Name is null or blank; use an empty string for an item without a name.", "items");
        }

        Optional(item.Name, at + ".Name");
        if (item.Price < 0)
        {
            throw new ArgumentException($"{at}.Price {item.Price.ToString(CultureInfo.InvariantCulture)} is negative.", "items");
        }

        if (item.Quantity < 1)
        {
            throw new ArgumentException($"{at}.Quantity {item.Quantity} must be at least 1.", "items");
        }

        if (item.Quantity > limits.MaxItemQuantity)
        {
            throw new CartLimitExceededException(
                "Cart:Limits:MaxItemQuantity",
                limits.MaxItemQuantity,
                item.Quantity,
                $"{at}.Quantity {item.Quantity} is above Cart:Limits:MaxItemQuantity {limits.MaxItemQuantity}.");
        }

        if (item.AssociatedModel is not null)
        {
            Optional(item.AssociatedModel, at + ".AssociatedModel");
        }

        Attributes(item.Attributes, at + ".Attributes");
        Conditions(item.Conditions ?? throw new ArgumentException($"{at}.Conditions is null.", "items"), at + ".Conditions");
    }

    private void Attributes(IReadOnlyDictionary<string, JsonElement> attributes, string path)
    {
        if (attributes is null)
        {
            throw new ArgumentException($"{path} is null.", path);
        }

        foreach (var (key, value) in attributes)
        {
            Text(key, path + " key");
            JsonValue(value, $"{path}['{key}']");
        }
    }

    /// <summary>Text that may be empty: no NUL, at most <c>Cart:Limits:MaxStringLength</c> characters.</summary>
    private void Optional(string value, string paramName)
    {
        NoNul(value, paramName);
        if (value.Length > limits.MaxStringLength)
        {
            throw new CartLimitExceededException(
                "Cart:Limits:MaxStringLength",
                limits.MaxStringLength,
                value.Length,
                $"'{paramName}' is {value.Length} characters long; Cart:Limits:MaxStringLength is {limits.MaxStringLength}.");
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
