using System.Globalization;
using System.Text.Json;

namespace CartStorage;

/// <summary>Checks keys and cart contents against <see cref="CartLimitsOptions"/> before anything is written.</summary>
/// <remarks>
/// A passing check allocates nothing: paths such as <c>Items[3].Name</c> are <see cref="CartPath"/> values, turned into
/// text only for the message of a failed check.
/// </remarks>
internal sealed partial class CartValidator(CartLimitsOptions limits)
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
