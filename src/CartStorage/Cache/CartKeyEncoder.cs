using System.Text;

namespace CartStorage;

/// <summary>
/// Encodes an identifier or instance into a key segment that contains only <c>[A-Za-z0-9_-]</c> and <c>%</c>:
/// other ASCII characters become <c>%XX</c>, other UTF-16 code units <c>%uXXXX</c>. The encoding is injective
/// (no two strings share a segment) and the segment never holds a separator, a glob character or a hash-tag brace.
/// </summary>
public static class CartKeyEncoder
{
    /// <summary>The key segment of <paramref name="value"/>: itself when it holds only <c>[A-Za-z0-9_-]</c>, else encoded.</summary>
    /// <param name="value">An identifier or instance.</param>
    /// <returns>The segment.</returns>
    public static string Encode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!NeedsEncoding(value))
        {
            return value;
        }

        var builder = new StringBuilder(value.Length * 3);
        foreach (var c in value)
        {
            if (IsPlain(c))
            {
                builder.Append(c);
            }
            else if (c < 0x80)
            {
                builder.Append('%').Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append("%u").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    private static bool NeedsEncoding(string value)
    {
        foreach (var c in value)
        {
            if (!IsPlain(c))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsPlain(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_';
}
