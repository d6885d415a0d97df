using System.Globalization;

namespace CartStorage;

/// <summary>
/// The text of <see cref="CartSnapshot.ETag"/>: <c>0</c> for "no cart", else the cart's id (32 hex digits) and its
/// version, as <c>{id:N}-{version}</c>. Opaque to users; parsed back only by the conditional remove.
/// </summary>
internal static class CartETag
{
    /// <summary>The ETag of "no cart".</summary>
    public const string None = "0";

    public static string Format(Guid id, long version) =>
        version == 0 ? None : string.Create(CultureInfo.InvariantCulture, $"{id:N}-{version}");

    /// <summary>
    /// The cart (id and version, as a <see cref="CartSnapshot"/>) that <paramref name="etag"/> names, or
    /// <see langword="null"/> when it is not an ETag this library issues (such an ETag names no cart: it never matches).
    /// Surrounding quotes and a weak prefix (<c>W/</c>) are accepted, as HTTP sends them.
    /// </summary>
    public static CartSnapshot? Parse(string etag)
    {
        var text = etag.AsSpan().Trim();
        if (text.StartsWith("W/", StringComparison.Ordinal))
        {
            text = text[2..];
        }

        if (text.Length >= 2 && text[0] == '"' && text[^1] == '"')
        {
            text = text[1..^1];
        }

        if (text.SequenceEqual(None))
        {
            return CartSnapshot.Empty;
        }

        return text.Length > 33 && text[32] == '-'
            && Guid.TryParseExact(text[..32], "N", out var id)
            && long.TryParse(text[33..], NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version > 0
            && text[33] != '0'
            ? new CartSnapshot { Id = id, Version = version }
            : null;
    }

    /// <summary>Whether <paramref name="stored"/> is the cart <paramref name="expected"/> names: the same version and, for an existing cart, the same id.</summary>
    public static bool Names(CartSnapshot expected, CartSnapshot stored) =>
        expected.Version == stored.Version && (expected.Version == 0 || expected.Id == stored.Id);
}
