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
        for (var at = json.IndexOfAny(Special); at >= 0; at = json.IndexOfAny(Special))
        {
            var next = at + 1;
            switch (json[at])
            {
                case (byte)'"':
                    inString = !inString;
                    break;
                case (byte)'\\':
                    // An escape holds one more byte (u0022 is a quote, written safely); \" is the one the scanner cannot skip.
                    if (next < json.Length && json[next] == (byte)'"')
                    {
                        return false;
                    }

                    next++;
                    break;
                default:
                    if (inString)
                    {
                        return false;
                    }

                    break;
            }

            json = json[Math.Min(next, json.Length)..];
        }

        return !inString;
    }
}
