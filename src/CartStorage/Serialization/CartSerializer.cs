using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace CartStorage;

/// <summary>
/// Turns carts into bytes and back; enforces <c>Cart:Limits:MaxDataSizeBytes</c> and reports each checked size to
/// <paramref name="sizeChecked"/> (the payload-size metric); reports unreadable data as corruption.
/// </summary>
internal sealed class CartSerializer(CartLimitsOptions limits, Action<long>? sizeChecked = null)
{
    private static readonly CartJsonContext Context = CartJsonContext.Default;

    public byte[] Serialize(StoredCart cart)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(cart, Context.StoredCart);
        EnsureSize(bytes.Length);
        return bytes;
    }

    public StoredCart Deserialize(CartKey key, ReadOnlySpan<byte> bytes)
    {
        var cart = Read(key, bytes, Context.StoredCart);
        if (cart.Format != StoredCart.CurrentFormat)
        {
            throw new CartDataCorruptedException(key.Identifier, key.Instance, $"unsupported format version {cart.Format} (this library reads format {StoredCart.CurrentFormat}).");
        }

        if (cart.Items is null || cart.Conditions is null || cart.Metadata is null || cart.Version < 1)
        {
            throw new CartDataCorruptedException(key.Identifier, key.Instance, "required members (items, conditions, metadata, version) are missing.");
        }

        CheckElements(key, cart.Items, cart.Conditions);
        return cart;
    }

    public static byte[] SerializeIndex(StoredInstanceIndex index) =>
        JsonSerializer.SerializeToUtf8Bytes(index, Context.StoredInstanceIndex);

    public static StoredInstanceIndex DeserializeIndex(string identifier, ReadOnlySpan<byte> bytes)
    {
        var index = Read(new CartKey(identifier, "(instance index)"), bytes, Context.StoredInstanceIndex);
        if (index.Format != StoredCart.CurrentFormat || index.Instances is null || index.Instances.Contains(null!))
        {
            throw new CartDataCorruptedException(identifier, "(instance index)", "unsupported format or missing instances.");
        }

        return index;
    }

    /// <summary>Serializes one part of a cart (for stores that keep items, conditions and metadata in separate columns).</summary>
    public static string SerializeItems(IReadOnlyList<CartItem> items) => JsonSerializer.Serialize(items, Context.IReadOnlyListCartItem);

    /// <inheritdoc cref="SerializeItems"/>
    public static string SerializeConditions(IReadOnlyList<CartCondition> conditions) => JsonSerializer.Serialize(conditions, Context.IReadOnlyListCartCondition);

    /// <inheritdoc cref="SerializeItems"/>
    public static string SerializeMetadata(IReadOnlyDictionary<string, JsonElement> metadata) => JsonSerializer.Serialize(metadata, Context.IReadOnlyDictionaryStringJsonElement);

    /// <summary>Reads one part written by <see cref="SerializeItems"/>.</summary>
    public static IReadOnlyList<CartItem> DeserializeItems(CartKey key, string json)
    {
        var items = Read(key, json, Context.IReadOnlyListCartItem);
        CheckElements(key, items, []);
        return items;
    }

    /// <inheritdoc cref="DeserializeItems"/>
    public static IReadOnlyList<CartCondition> DeserializeConditions(CartKey key, string json)
    {
        var conditions = Read(key, json, Context.IReadOnlyListCartCondition);
        CheckElements(key, [], conditions);
        return conditions;
    }

    /// <inheritdoc cref="DeserializeItems"/>
    public static IReadOnlyDictionary<string, JsonElement> DeserializeMetadata(CartKey key, string json) =>
        Read(key, json, Context.IReadOnlyDictionaryStringJsonElement);

    public void EnsureSize(long bytes)
    {
        sizeChecked?.Invoke(bytes);
        if (bytes > limits.MaxDataSizeBytes)
        {
            throw new CartLimitExceededException(
                "Cart:Limits:MaxDataSizeBytes",
                limits.MaxDataSizeBytes,
                bytes,
                $"The serialized cart is {bytes} bytes; Cart:Limits:MaxDataSizeBytes is {limits.MaxDataSizeBytes}.");
        }
    }

    private static T Read<T>(CartKey key, ReadOnlySpan<byte> bytes, JsonTypeInfo<T> typeInfo)
    {
        try
        {
            return JsonSerializer.Deserialize(bytes, typeInfo)
                ?? throw new CartDataCorruptedException(key.Identifier, key.Instance, "the stored value is JSON null.");
        }
        catch (JsonException e)
        {
            throw new CartDataCorruptedException(key.Identifier, key.Instance, e.Message, e);
        }
    }

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

    private static void CheckElements(CartKey key, IReadOnlyList<CartItem> items, IReadOnlyList<CartCondition> conditions)
    {
        foreach (var item in items)
        {
            if (item is null || item.Attributes is null || item.Conditions is null || item.Conditions.Contains(null!))
            {
                throw new CartDataCorruptedException(key.Identifier, key.Instance, "an item is null or incomplete.");
            }
        }

        foreach (var condition in conditions)
        {
            if (condition is null || condition.Attributes is null)
            {
                throw new CartDataCorruptedException(key.Identifier, key.Instance, "a condition is null or incomplete.");
            }
        }
    }
}
