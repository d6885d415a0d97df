using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace CartStorage;

/// <summary>
/// The JSON of the stored format (docs/stored-format.md) part by part, for a backend that keeps a cart's parts in
/// columns of its own (as <c>DatabaseStorage</c> does) or edits a stored document in its store (as <c>RedisStorage</c>'s
/// item-change script does): the same text the library's documents hold, and the same corruption checks on the way
/// back. A backend that stores whole documents uses <c>CartStorageBase.SerializeCart</c> instead.
/// </summary>
public static class CartJson
{
    private static readonly CartJsonContext Context = CartJsonContext.Default;

    /// <summary>The items as a JSON array.</summary>
    /// <param name="items">The items.</param>
    /// <returns>The JSON text.</returns>
    public static string SerializeItems(IReadOnlyList<CartItem> items) => JsonSerializer.Serialize(items, Context.IReadOnlyListCartItem);

    /// <summary>The conditions as a JSON array.</summary>
    /// <param name="conditions">The conditions.</param>
    /// <returns>The JSON text.</returns>
    public static string SerializeConditions(IReadOnlyList<CartCondition> conditions) => JsonSerializer.Serialize(conditions, Context.IReadOnlyListCartCondition);

    /// <summary>The metadata as a JSON object.</summary>
    /// <param name="metadata">The metadata.</param>
    /// <returns>The JSON text.</returns>
    public static string SerializeMetadata(IReadOnlyDictionary<string, JsonElement> metadata) => JsonSerializer.Serialize(metadata, Context.IReadOnlyDictionaryStringJsonElement);

    /// <summary>The idempotency keys as a JSON array.</summary>
    /// <param name="keys">The keys.</param>
    /// <returns>The JSON text.</returns>
    public static string SerializeIdempotencyKeys(IReadOnlyList<string> keys) =>
        keys.Count == 0 ? "[]" : JsonSerializer.Serialize(keys, Context.IReadOnlyListString);

    /// <summary>A text as a JSON string, escaped exactly as the stored documents escape it (so a store can compare the texts).</summary>
    /// <param name="value">The text.</param>
    /// <returns>The JSON string, quotes included.</returns>
    public static string SerializeString(string value) => JsonSerializer.Serialize(value, Context.String);

    /// <summary>A time as the stored documents write it (a JSON string, quotes included).</summary>
    /// <param name="value">The time.</param>
    /// <returns>The JSON string.</returns>
    public static string SerializeTimestamp(DateTimeOffset value) => JsonSerializer.Serialize(value, Context.DateTimeOffset);

    /// <summary>Items read back; text that is not such an array throws <see cref="CartDataCorruptedException"/> naming the cart.</summary>
    /// <param name="key">The cart, named by the exception.</param>
    /// <param name="json">The stored text.</param>
    /// <returns>The items.</returns>
    public static IReadOnlyList<CartItem> DeserializeItems(CartKey key, string json) => Read(key, json, Context.IReadOnlyListCartItem);

    /// <summary>Conditions read back, as <see cref="DeserializeItems"/>.</summary>
    /// <param name="key">The cart, named by the exception.</param>
    /// <param name="json">The stored text.</param>
    /// <returns>The conditions.</returns>
    public static IReadOnlyList<CartCondition> DeserializeConditions(CartKey key, string json) => Read(key, json, Context.IReadOnlyListCartCondition);

    /// <summary>Metadata read back, as <see cref="DeserializeItems"/>.</summary>
    /// <param name="key">The cart, named by the exception.</param>
    /// <param name="json">The stored text.</param>
    /// <returns>The metadata.</returns>
    public static IReadOnlyDictionary<string, JsonElement> DeserializeMetadata(CartKey key, string json) =>
        Read(key, json, Context.IReadOnlyDictionaryStringJsonElement);

    /// <summary>Idempotency keys read back, as <see cref="DeserializeItems"/>.</summary>
    /// <param name="key">The cart, named by the exception.</param>
    /// <param name="json">The stored text.</param>
    /// <returns>The keys.</returns>
    public static IReadOnlyList<string> DeserializeIdempotencyKeys(CartKey key, string json) =>
        json == "[]" ? [] : Read(key, json, Context.IReadOnlyListString) is var keys && !keys.Contains(null!)
            ? keys
            : throw new CartDataCorruptedException(key.Identifier, key.Instance, "an idempotency key is null.");

    /// <summary>
    /// <paramref name="cart"/>, assembled from stored parts, when this library could have written it (a version between
    /// 1 and the last, contents every write allows); otherwise <see cref="CartDataCorruptedException"/> naming the cart.
    /// </summary>
    /// <param name="key">The cart, named by the exception.</param>
    /// <param name="cart">The cart read.</param>
    /// <returns><paramref name="cart"/>.</returns>
    public static CartSnapshot CheckStored(CartKey key, CartSnapshot cart)
    {
        ArgumentNullException.ThrowIfNull(cart);
        return StoredCartCheck.Check(key, cart);
    }

    /// <summary>An identifier's instance index (the list of its carts' instances) as the stored format writes it.</summary>
    /// <param name="instances">The instances.</param>
    /// <returns>The UTF-8 JSON.</returns>
    public static byte[] SerializeInstances(IReadOnlyList<string> instances) =>
        CartSerializer.SerializeIndex(new StoredInstanceIndex { Instances = [.. instances] });

    /// <summary>An instance index read back, each instance once; anything else throws <see cref="CartDataCorruptedException"/>.</summary>
    /// <param name="identifier">The identifier, named by the exception.</param>
    /// <param name="bytes">The stored bytes.</param>
    /// <returns>The instances.</returns>
    public static IReadOnlyList<string> DeserializeInstances(string identifier, ReadOnlySpan<byte> bytes) =>
        CartSerializer.DeserializeIndex(identifier, bytes).Instances!;

    private static T Read<T>(CartKey key, string json, JsonTypeInfo<T> typeInfo)
    {
        try
        {
            return JsonSerializer.Deserialize(json, typeInfo)
                ?? throw new CartDataCorruptedException(key.Identifier, key.Instance, "the stored value is JSON null.");
        }
        catch (JsonException e)
        {
            throw new CartDataCorruptedException(key.Identifier, key.Instance, e.Message, e);
        }
    }
}
