using System.Text.Json;

namespace CartStorage;

/// <summary>
/// Reading helpers for the hand-written converters of the stored format: each refuses, with <see cref="JsonException"/>,
/// what the source-generated serializer refused (a token of another type, <c>null</c> for a non-nullable member, a
/// missing required member), so that a document reads, or is corrupt, exactly as before.
/// </summary>
internal static class StoredJson
{
    /// <summary>Refuses any token but <paramref name="type"/>, where <paramref name="what"/> (such as "a string") is expected for <paramref name="member"/>.</summary>
    public static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string what, string? member = null)
    {
        if (reader.TokenType != type)
        {
            throw new JsonException(member is null ? $"Expected {what}, found {reader.TokenType}." : $"Expected {what} for '{member}', found {reader.TokenType}.");
        }
    }

    /// <summary>
    /// Moves to the value of the next member of the object the reader is in that is one of <paramref name="members"/>,
    /// skipping others (members this version does not know are ignored, as the generated serializer did).
    /// </summary>
    /// <returns>The member's position in <paramref name="members"/>, or -1 at the end of the object.</returns>
    public static int NextMember(ref Utf8JsonReader reader, JsonEncodedText[] members)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var member = members.Length - 1;
            while (member >= 0 && !reader.ValueTextEquals(members[member].EncodedUtf8Bytes))
            {
                member--;
            }

            if (!reader.Read())
            {
                throw new JsonException("The JSON ends inside an object.");
            }

            if (member >= 0)
            {
                return member;
            }

            reader.Skip();
        }

        return -1;
    }

    public static string String(ref Utf8JsonReader reader, string member)
    {
        Expect(ref reader, JsonTokenType.String, "a string", member);
        return reader.GetString()!;
    }

    public static string? NullableString(ref Utf8JsonReader reader, string member) =>
        reader.TokenType == JsonTokenType.Null ? null : String(ref reader, member);

    public static decimal Decimal(ref Utf8JsonReader reader, string member)
    {
        Expect(ref reader, JsonTokenType.Number, "a number", member);
        return reader.GetDecimal();
    }

    public static int Int32(ref Utf8JsonReader reader, string member)
    {
        Expect(ref reader, JsonTokenType.Number, "a number", member);
        return reader.GetInt32();
    }

    public static T Required<T>(T? value, string member)
        where T : class =>
        value ?? throw new JsonException($"The required member '{member}' is missing.");
}
