using System.Collections.ObjectModel;
using System.Text.Json;

namespace CartStorage;

internal static class CartDefaults
{
    public static readonly IReadOnlyDictionary<string, JsonElement> EmptyAttributes =
        ReadOnlyDictionary<string, JsonElement>.Empty;
}
