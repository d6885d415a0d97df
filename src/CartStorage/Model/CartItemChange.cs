namespace CartStorage;

/// <summary>The kind of a <see cref="CartItemChange"/>.</summary>
public enum CartItemChangeKind
{
    /// <summary>Add an item, or its quantity to the item with the same id (<see cref="CartStorageExtensions.AddItemAsync"/>).</summary>
    Add,

    /// <summary>Add a quantity (negative allowed) to an existing item (<see cref="CartStorageExtensions.ChangeQuantityAsync"/>).</summary>
    ChangeQuantity,

    /// <summary>Remove an item (<see cref="CartStorageExtensions.RemoveItemAsync"/>).</summary>
    Remove,
}

/// <summary>
/// One change to one item of a cart: what the item conveniences ask of a backend. A backend that can apply it in its
/// store without reading the cart first overrides <see cref="CartStorageBase.ApplyItemChangeCoreAsync"/>; the others
/// get <see cref="ApplyTo"/> inside their read-modify-write.
/// </summary>
public sealed class CartItemChange
{
    private CartItemChange(CartItemChangeKind kind, string itemId, CartItem? item, int quantity)
    {
        Kind = kind;
        ItemId = itemId;
        Item = item;
        Quantity = quantity;
    }

    /// <summary>What the change does.</summary>
    public CartItemChangeKind Kind { get; }

    /// <summary>The id of the item it changes.</summary>
    public string ItemId { get; }

    /// <summary>The item to add (<see cref="CartItemChangeKind.Add"/>), else <see langword="null"/>.</summary>
    public CartItem? Item { get; }

    /// <summary>
    /// The quantity added: the item's quantity for <see cref="CartItemChangeKind.Add"/> (at least 1), the delta for
    /// <see cref="CartItemChangeKind.ChangeQuantity"/> (negative allowed; the item goes at zero or below), 0 for
    /// <see cref="CartItemChangeKind.Remove"/>.
    /// </summary>
    public int Quantity { get; }

    /// <summary>
    /// The cart after the change (the same instance when nothing changes). Not checked against the limits: the caller
    /// does that. A <see cref="CartItemChangeKind.ChangeQuantity"/> with a positive delta on an item the cart does not
    /// have throws <see cref="ArgumentException"/>.
    /// </summary>
    /// <param name="cart">The cart to change.</param>
    public CartSnapshot ApplyTo(CartSnapshot cart)
    {
        ArgumentNullException.ThrowIfNull(cart);
        return Kind switch
        {
            CartItemChangeKind.Add => cart with { Items = CartItemChanges.Add(cart.Items, Item!) },
            CartItemChangeKind.ChangeQuantity => CartItemChanges.ChangeQuantity(cart, ItemId, Quantity),
            _ => CartItemChanges.Remove(cart, ItemId),
        };
    }

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        CartItemChangeKind.Add => $"add {Quantity} of '{ItemId}'",
        CartItemChangeKind.ChangeQuantity => $"change '{ItemId}' by {Quantity}",
        _ => $"remove '{ItemId}'",
    };

    internal static CartItemChange Add(CartItem item) => new(CartItemChangeKind.Add, item.Id, item, item.Quantity);

    internal static CartItemChange ChangeQuantity(string itemId, int delta) => new(CartItemChangeKind.ChangeQuantity, itemId, null, delta);

    internal static CartItemChange Remove(string itemId) => new(CartItemChangeKind.Remove, itemId, null, 0);
}
