using System.Text.Json;
using CartStorage;

namespace Cart.Sample;

/// <summary>Body of <c>POST /carts/{identifier}/{instance}/items</c>.</summary>
public sealed record AddItemRequest(string Id, string Name, decimal Price, int Quantity = 1, Dictionary<string, JsonElement>? Attributes = null);

/// <summary>Body of <c>PATCH /carts/{identifier}/{instance}/items/{id}</c>: the new quantity; 0 removes the item.</summary>
public sealed record SetQuantityRequest(int Quantity);

/// <summary>What the API returns for a cart.</summary>
public sealed record CartResponse(
    string Identifier,
    string Instance,
    long Version,
    IReadOnlyList<CartItem> Items,
    IReadOnlyList<CartCondition> Conditions,
    IReadOnlyDictionary<string, JsonElement> Metadata,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt)
{
    public static CartResponse From(string identifier, string instance, CartSnapshot cart) =>
        new(identifier, instance, cart.Version, cart.Items, cart.Conditions, cart.Metadata, cart.CreatedAt, cart.UpdatedAt);
}
