using CartStorage;

namespace Cart.Sample;

/// <summary>The cart changes the library has no convenience for, as pure functions of the current cart (safe to retry).</summary>
public static class CartChanges
{
    /// <summary>Sets an item's quantity; 0 removes it. An unknown id is a <see cref="KeyNotFoundException"/>; a negative quantity an <see cref="ArgumentException"/>.</summary>
    public static CartSnapshot SetQuantity(CartSnapshot cart, string id, int quantity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(quantity);
        if (!cart.Items.Any(i => i.Id == id))
        {
            throw new KeyNotFoundException($"The cart has no item '{id}'.");
        }

        return quantity == 0
            ? cart with { Items = [.. cart.Items.Where(i => i.Id != id)] }
            : cart with { Items = [.. cart.Items.Select(i => i.Id == id ? i with { Quantity = quantity } : i)] };
    }
}
