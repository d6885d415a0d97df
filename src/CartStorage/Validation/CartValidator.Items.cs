using System.Globalization;
using System.Text.Json;

namespace CartStorage;

/// <summary>The rules of items: ids, names, prices, quantities, attributes and item conditions, and unique ids.</summary>
internal sealed partial class CartValidator
{
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
}
