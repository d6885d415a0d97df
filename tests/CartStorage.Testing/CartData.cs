using System.Text.Json;

namespace CartStorage.Testing;

/// <summary>Sample carts for tests.</summary>
public static class CartData
{
    public static CartItem Item(string id, int quantity = 1, decimal price = 9.50m) => new()
    {
        Id = id,
        Name = "Item " + id,
        Price = price,
        Quantity = quantity,
    };

    public static CartItem RichItem(string id) => new()
    {
        Id = id,
        Name = "Mug \"deluxe\" ☕",
        Price = 12.345678m,
        Quantity = 3,
        Attributes = new Dictionary<string, JsonElement> { ["size"] = Json("\"XL\""), ["tags"] = Json("[1,2,{\"a\":null}]") },
        Conditions = [new CartCondition { Name = "Promo", Type = "discount", Target = CartConditionTargets.Item, Value = "-10%" }],
        AssociatedModel = "Shop.Product:42",
    };

    public static CartCondition Condition(string name, string value = "+5.00", string target = CartConditionTargets.Subtotal, int order = 0) => new()
    {
        Name = name,
        Type = "shipping",
        Target = target,
        Value = value,
        Order = order,
    };

    public static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    /// <summary>Unique per call, so tests sharing a server never see each other's carts.</summary>
    public static string NewIdentifier(string hint = "user") => $"{hint}-{Guid.NewGuid():N}";
}
