namespace CartStorage;

/// <summary>Names one cart: the owner (a user or session id) and the instance (<c>default</c>, <c>wishlist</c>, ...).</summary>
/// <param name="Identifier">The cart owner.</param>
/// <param name="Instance">The cart instance.</param>
public readonly record struct CartKey(string Identifier, string Instance)
{
    /// <inheritdoc />
    public override string ToString() => $"'{Identifier}'/'{Instance}'";
}
