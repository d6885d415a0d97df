using System.Text.Json;

namespace CartStorage.AspNetCore;

/// <summary>Body of <c>POST {prefix}/items</c>: only <c>id</c> is required; <c>quantity</c> defaults to 1, <c>price</c> to 0.</summary>
/// <param name="Id">The item's id (a SKU); adding an id the cart holds adds to its quantity.</param>
/// <param name="Name">The item's name; default empty.</param>
/// <param name="Price">The unit price; default 0.</param>
/// <param name="Quantity">How many to add; default 1.</param>
/// <param name="Attributes">Free-form JSON attributes (size, colour, ...).</param>
public sealed record CartItemRequest(string? Id, string? Name = null, decimal Price = 0m, int Quantity = 1, IReadOnlyDictionary<string, JsonElement>? Attributes = null)
{
    /// <summary>The item to add.</summary>
    /// <exception cref="ArgumentException"><see cref="Id"/> is missing, <see cref="Quantity"/> below 1 or <see cref="Price"/> negative; the parameter name is the JSON field.</exception>
    public CartItem ToItem()
    {
        if (string.IsNullOrWhiteSpace(Id))
        {
            throw new ArgumentException("id is required.", "id");
        }

        if (Quantity < 1)
        {
            throw new ArgumentException($"quantity {Quantity} must be at least 1.", "quantity");
        }

        if (Price < 0)
        {
            throw new ArgumentException("price must not be negative.", "price");
        }

        var item = new CartItem { Id = Id, Name = Name ?? string.Empty, Price = Price, Quantity = Quantity };
        return Attributes is null ? item : item with { Attributes = Attributes };
    }
}

/// <summary>Body of <c>PATCH {prefix}/items/{id}</c>: the item's new quantity; 0 removes it.</summary>
/// <param name="Quantity">The new quantity, 0 or more.</param>
public sealed record CartQuantityRequest(int Quantity);

/// <summary>What the cart API answers for a cart: never its owner's identifier. The <c>ETag</c> header names the cart.</summary>
/// <param name="Instance">The cart instance (<c>default</c>, or <c>?instance=</c>).</param>
/// <param name="Version">The cart's version; 0 for no cart.</param>
/// <param name="Items">The items.</param>
/// <param name="Conditions">The cart-level conditions.</param>
/// <param name="Metadata">The metadata.</param>
/// <param name="CreatedAt">When the cart was created; <see langword="null"/> for no cart.</param>
/// <param name="UpdatedAt">When the cart was last written; <see langword="null"/> for no cart.</param>
public sealed record CartResponse(
    string Instance,
    long Version,
    IReadOnlyList<CartItem> Items,
    IReadOnlyList<CartCondition> Conditions,
    IReadOnlyDictionary<string, JsonElement> Metadata,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt)
{
    /// <summary>The response for <paramref name="cart"/>, instance <paramref name="instance"/>.</summary>
    public static CartResponse From(string instance, CartSnapshot cart)
    {
        ArgumentNullException.ThrowIfNull(cart);
        return new(instance, cart.Version, cart.Items, cart.Conditions, cart.Metadata, cart.CreatedAt, cart.UpdatedAt);
    }
}
