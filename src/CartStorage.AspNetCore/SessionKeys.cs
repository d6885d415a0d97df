namespace CartStorage.AspNetCore;

/// <summary>
/// The session keys of one storage. Identifier and instance are encoded with <see cref="CartKeyEncoder"/>, whose
/// segments never contain <c>:</c>, so keys are injective and every key of this library is recognisable by its start.
/// </summary>
/// <remarks>
/// <c>{prefix}:c:{identifier}:{instance}</c> — a cart (a stored cart document, docs/stored-format.md);
/// <c>{prefix}:i:{identifier}</c> — the identifier's instance index (an instance index, <see cref="CartJson.SerializeInstances"/>).
/// </remarks>
internal sealed class SessionKeys(string prefix)
{
    private readonly string carts = prefix + ":c:";
    private readonly string indexes = prefix + ":i:";

    public string Cart(CartKey key) => CartsOf(key.Identifier) + CartKeyEncoder.Encode(key.Instance);

    /// <summary>The start shared by the keys of every cart of <paramref name="identifier"/>, and by no other key.</summary>
    public string CartsOf(string identifier) => carts + CartKeyEncoder.Encode(identifier) + ":";

    public string Index(string identifier) => indexes + CartKeyEncoder.Encode(identifier);

    /// <summary>Whether <paramref name="key"/> is a cart or an index of this storage (what a flush removes).</summary>
    public bool IsOwn(string key) => key.StartsWith(carts, StringComparison.Ordinal) || key.StartsWith(indexes, StringComparison.Ordinal);
}
