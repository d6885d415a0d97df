using System.Text.Json;
using CartStorage;

namespace Cart.Sample;

/// <summary>Body of <c>POST /cart/items</c>: only <c>id</c> is required; <c>quantity</c> defaults to 1, <c>price</c> to 0.</summary>
public sealed record AddItemRequest(string Id, string? Name = null, decimal Price = 0m, int Quantity = 1, Dictionary<string, JsonElement>? Attributes = null)
{
    /// <summary>The item to add.</summary>
    public CartItem ToItem() => new()
    {
        Id = Id,
        Name = Name ?? string.Empty,
        Price = Price,
        Quantity = Quantity,
        Attributes = Attributes ?? [],
    };
}

/// <summary>Body of <c>PATCH /cart/items/{id}</c>: the new quantity; 0 removes the item.</summary>
public sealed record SetQuantityRequest(int Quantity);

/// <summary>Body of <c>POST /login</c>: the user to sign in as (a demo: no password).</summary>
public sealed record LoginRequest(string? User);

/// <summary>What the API returns for a cart: never its owner's identifier.</summary>
public sealed record CartResponse(
    string Instance,
    long Version,
    IReadOnlyList<CartItem> Items,
    IReadOnlyList<CartCondition> Conditions,
    IReadOnlyDictionary<string, JsonElement> Metadata,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt)
{
    public static CartResponse From(string instance, CartSnapshot cart) =>
        new(instance, cart.Version, cart.Items, cart.Conditions, cart.Metadata, cart.CreatedAt, cart.UpdatedAt);
}
