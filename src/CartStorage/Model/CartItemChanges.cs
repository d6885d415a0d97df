namespace CartStorage;

/// <summary>The item arithmetic of <see cref="CartStorageExtensions"/>: pure functions from one cart to the next.</summary>
internal static class CartItemChanges
{
    public static CartItem[] Add(IReadOnlyList<CartItem> items, CartItem item)
    {
        var index = IndexOf(items, item.Id);
        var result = new CartItem[index < 0 ? items.Count + 1 : items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            result[i] = i == index ? items[i] with { Quantity = Clamp((long)items[i].Quantity + item.Quantity) } : items[i];
        }

        if (index < 0)
        {
            result[^1] = item;
        }

        return result;
    }

    public static CartSnapshot ChangeQuantity(CartSnapshot cart, string itemId, int delta)
    {
        var index = IndexOf(cart.Items, itemId);
        if (index < 0)
        {
            return delta <= 0
                ? cart
                : throw new ArgumentException($"The cart has no item '{itemId}' to add {delta} to; add it with AddItemAsync.", nameof(itemId));
        }

        if (delta == 0)
        {
            return cart;
        }

        var quantity = (long)cart.Items[index].Quantity + delta;
        if (quantity <= 0)
        {
            return Remove(cart, itemId);
        }

        var items = cart.Items.ToArray();
        items[index] = items[index] with { Quantity = Clamp(quantity) };
        return cart with { Items = items };
    }

    public static CartSnapshot Remove(CartSnapshot cart, string itemId)
    {
        var index = IndexOf(cart.Items, itemId);
        if (index < 0)
        {
            return cart;
        }

        var items = new List<CartItem>(cart.Items);
        items.RemoveAt(index);
        return cart with { Items = items };
    }

    /// <summary>A sum beyond <see cref="int.MaxValue"/> stays above every limit, so validation reports it as a limit, not an overflow.</summary>
    private static int Clamp(long quantity) => (int)Math.Min(quantity, int.MaxValue);

    private static int IndexOf(IReadOnlyList<CartItem> items, string id)
    {
        for (var i = 0; i < items.Count; i++)
        {
            if (string.Equals(items[i].Id, id, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
