namespace CartStorage;

/// <summary>
/// Checks a cart read from a store against every rule a write would have enforced, so that data changed behind the
/// library's back is reported as <see cref="CartDataCorruptedException"/> on read, never read as a valid cart and then
/// blamed on the caller (as an <see cref="ArgumentException"/>) by the next write.
/// </summary>
/// <remarks>
/// The <c>Cart:Limits</c> are not applied: lowering a limit must not make existing carts unreadable.
/// </remarks>
internal static class StoredCartCheck
{
    private static readonly CartValidator Rules = new(new CartLimitsOptions
    {
        MaxItems = int.MaxValue,
        MaxDataSizeBytes = int.MaxValue,
        MaxItemQuantity = int.MaxValue,
        MaxStringLength = int.MaxValue,
    });

    /// <summary>Returns <paramref name="cart"/> when it could have been written by this library; otherwise throws <see cref="CartDataCorruptedException"/>.</summary>
    public static CartSnapshot Check(CartKey key, CartSnapshot cart)
    {
        if (cart.Version < 1 || cart.Version == long.MaxValue)
        {
            throw new CartDataCorruptedException(key.Identifier, key.Instance, $"the stored version {cart.Version} is not between 1 and {long.MaxValue - 1}.");
        }

        try
        {
            Rules.Contents(cart);
        }
        catch (ArgumentException e)
        {
            throw new CartDataCorruptedException(key.Identifier, key.Instance, $"the stored contents break a rule every write enforces: {e.Message}", e);
        }

        return cart;
    }
}
