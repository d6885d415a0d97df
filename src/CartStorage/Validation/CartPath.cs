namespace CartStorage;

/// <summary>
/// Where a checked value sits in a cart, such as <c>Items[3].Name</c> or <c>conditions[0].Attributes['code']</c>: kept
/// as parts and turned into text only for the message of a failed check, so a passing check allocates nothing.
/// </summary>
/// <param name="Prefix">The list, dictionary or parameter: <c>Items</c>, <c>conditions</c>, <c>metadata</c>, <c>key</c>.</param>
/// <param name="Index">The position in <paramref name="Prefix"/>, or -1.</param>
/// <param name="Suffix">The member after the position, such as <c>.Name</c>.</param>
/// <param name="Key">The dictionary key after the suffix, written as <c>['key']</c>.</param>
internal readonly record struct CartPath(string Prefix, int Index = -1, string? Suffix = null, string? Key = null)
{
    public static implicit operator CartPath(string name) => new(name);

    public override string ToString()
    {
        var at = Index < 0 ? Prefix : $"{Prefix}[{Index}]";
        return Key is null ? at + Suffix : $"{at}{Suffix}['{Key}']";
    }
}
