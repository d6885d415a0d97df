namespace Shop.Models;

/// <summary>The application's own cart type, as every shop has one.</summary>
public sealed class Cart
{
    public List<CartLine> Lines { get; } = [];
}

/// <summary>One line of the application's cart.</summary>
public sealed record CartLine(string ProductId, int Quantity);
