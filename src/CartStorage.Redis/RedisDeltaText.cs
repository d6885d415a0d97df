using System.Buffers;

namespace CartStorage.Redis;

/// <summary>
/// What the delta script's scanner (<see cref="RedisDeltaScript"/>) can read exactly: JSON text whose strings hold no
/// bracket, no brace and no escaped quote (<c>\"</c>), so every <c>[ ] { }</c> is structure and every <c>"</c> opens or
/// closes a string. Documents that are not (an attribute value such as <c>"size [M]"</c>) are written without the
/// delta tag, and take the read-modify-write path.
/// </summary>
internal static class RedisDeltaText
{
    private static readonly SearchValues<byte> Special = SearchValues.Create("\"\\[]{}"u8);

    /// <summary>Whether <paramref name="json"/> (well-formed JSON text) is scannable.</summary>
    public static bool IsScannable(ReadOnlySpan<byte> json)
    {
        var inString = false;
        for (var at = json.IndexOfAny(Special); at >= 0; at = Next(json, at + 1))
        {
            switch (json[at])
            {
                case (byte)'"':
                    inString = !inString;
                    break;
                case (byte)'\\':
                    // An escape holds one more byte (u0022 is a quote, written safely); \" is the one the scanner cannot skip.
                    if (at + 1 < json.Length && json[at + 1] == (byte)'"')
                    {
                        return false;
                    }

                    at++;
                    break;
                default:
                    if (inString)
                    {
                        return false;
                    }

                    break;
            }
        }

        return !inString;
    }

    private static int Next(ReadOnlySpan<byte> json, int from)
    {
        if (from >= json.Length)
        {
            return -1;
        }

        var found = json[from..].IndexOfAny(Special);
        return found < 0 ? -1 : from + found;
    }
}
