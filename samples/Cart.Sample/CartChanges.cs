using CartStorage;

namespace Cart.Sample;

/// <summary>The cart changes the API offers, as pure functions of the current cart (safe to retry).</summary>
public static class CartChanges
{
    /// <summary>Adds the item, or increases its quantity when the id is already in the cart.</summary>
    public static CartSnapshot Add(CartSnapshot cart, AddItemRequest request)
    {
        if (cart.Items.Any(i => i.Id == request.Id))
        {
            return cart with { Items = [.. cart.Items.Select(i => i.Id == request.Id ? i with { Quantity = i.Quantity + request.Quantity } : i)] };
        }

        var item = new CartItem
        {
            Id = request.Id,
            Name = request.Name,
            Price = request.Price,
            Quantity = request.Quantity,
            Attributes = request.Attributes ?? [],
        };
        return cart with { Items = [.. cart.Items, item] };
    }

    /// <summary>Sets an item's quantity; 0 removes it. An unknown id is a <see cref="KeyNotFoundException"/>.</summary>
    public static CartSnapshot SetQuantity(CartSnapshot cart, string id, int quantity)
    {
        if (!cart.Items.Any(i => i.Id == id))
        {
            throw new KeyNotFoundException($"The cart has no item '{id}'.");
        }

        return quantity == 0
            ? cart with { Items = [.. cart.Items.Where(i => i.Id != id)] }
            : cart with { Items = [.. cart.Items.Select(i => i.Id == id ? i with { Quantity = quantity } : i)] };
    }
}
