using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace CartStorage;

/// <summary>
/// The attributes or metadata of a cart read from a store: read-only (no caller can change what was checked on read),
/// in stored order, on two arrays. Lookups scan the keys: carts hold a handful of attributes per item.
/// </summary>
internal sealed class StoredAttributes : IReadOnlyDictionary<string, JsonElement>
{
    private readonly string[] keys;
    private readonly JsonElement[] values;

    public StoredAttributes(string[] keys, JsonElement[] values, int count)
    {
        this.keys = keys;
        this.values = values;
        Count = count;
    }

    public int Count { get; }

    public IEnumerable<string> Keys => keys.Take(Count);

    public IEnumerable<JsonElement> Values => values.Take(Count);

    public JsonElement this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"The key '{key}' is not an attribute.");

    public string KeyAt(int index) => keys[index];

    public JsonElement ValueAt(int index) => values[index];

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out JsonElement value)
    {
        var index = IndexOf(key);
        value = index >= 0 ? values[index] : default;
        return index >= 0;
    }

    public IEnumerator<KeyValuePair<string, JsonElement>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return new(keys[i], values[i]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private int IndexOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Array.IndexOf(keys, key, 0, Count);
    }
}
