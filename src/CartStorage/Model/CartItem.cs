using System.Text.Json;

namespace CartStorage;

/// <summary>
/// One line of a cart: a product, its unit price and how many of it.
/// </summary>
/// <remarks>
/// Records with init properties: create with an object initializer and change with <c>with</c>:
/// <code>var mug = new CartItem { Id = "sku-1", Name = "Mug", Price = 9.50m, Quantity = 2 };
/// var more = mug with { Quantity = 3 };</code>
/// </remarks>
public sealed record CartItem
{
    /// <summary>The item's identifier, unique within one cart (typically a SKU). Not empty.</summary>
    public required string Id { get; init; }

    /// <summary>The display name; may be empty (shops that read names from their catalogue store only ids).</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>The unit price; never negative. Default 0 (shops that read prices from their catalogue store none).</summary>
    public decimal Price { get; init; }

    /// <summary>How many units; between 1 and <c>Cart:Limits:MaxItemQuantity</c> (default 10000).</summary>
    public int Quantity { get; init; } = 1;

    /// <summary>Free-form JSON attributes (size, colour, ...). JSON only: no type names, nothing executable.</summary>
    public IReadOnlyDictionary<string, JsonElement> Attributes { get; init; } = CartDefaults.EmptyAttributes;

    /// <summary>Conditions that apply to this item only (their <see cref="CartCondition.Target"/> is <c>item</c>).</summary>
    public IReadOnlyList<CartCondition> Conditions { get; init; } = [];

    /// <summary>
    /// An optional reference to the application's own product model, as a plain string (for example
    /// <c>"Product:42"</c>). It is stored and returned as text; the library never instantiates a type from it.
    /// </summary>
    public string? AssociatedModel { get; init; }
}
