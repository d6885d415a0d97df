namespace CartStorage;

/// <summary>How <see cref="ICartStorage.MergeIdentifierAsync"/> combines an item present in both carts (same <see cref="CartItem.Id"/>).</summary>
public enum CartMergeStrategy
{
    /// <summary>The quantities are added (the default): a guest's 2 and a saved 1 make 3.</summary>
    AddQuantities,

    /// <summary>The larger of the two quantities is kept.</summary>
    KeepHighestQuantity,

    /// <summary>The target's (the user's) quantity is kept; items only in the source are still appended.</summary>
    KeepTarget,

    /// <summary>The source's (the guest's) quantity is kept, and the source wins on conditions and metadata with the same name or key.</summary>
    ReplaceWithSource,
}
