using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace CartStorage;

/// <summary>
/// Turns carts into bytes and back; enforces <c>Cart:Limits:MaxDataSizeBytes</c> and reports each checked size to
/// <paramref name="sizeChecked"/> (the payload-size metric); reports unreadable data as corruption.
/// </summary>
/// <param name="limits">The limits a serialized cart must respect.</param>
/// <param name="sizeChecked">Receives each checked size.</param>
/// <param name="generations">Whether stored carts carry a flush generation (the cache does, the session does not): then a cart without one is corrupt.</param>
internal sealed class CartSerializer(CartLimitsOptions limits, Action<long>? sizeChecked = null, bool generations = false)
{
    private static readonly CartJsonContext Context = CartJsonContext.Default;

    /// <summary>The writer of this thread, reused: serializing is synchronous, so one thread never needs two.</summary>
    [ThreadStatic]
    private static Utf8JsonWriter? writer;

    /// <summary>What the writer of a thread points at between serializations: never written to.</summary>
    private static readonly PooledBuffer Detached = new();

    public byte[] Serialize(StoredCart cart)
    {
        using var buffer = SerializePooled(cart);
        return buffer.ToArray();
    }

    /// <summary>Serializes into pooled arrays; the caller disposes the buffer once the bytes are written to the store.</summary>
    public PooledBuffer SerializePooled(StoredCart cart)
    {
        var buffer = new PooledBuffer();
        try
        {
            var json = writer ??= new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = Context.Options.Encoder, SkipValidation = true });
            json.Reset(buffer);
            try
            {
                JsonSerializer.Serialize(json, cart, Context.StoredCart);
            }
            finally
            {
                // Forget the buffer: it goes back to the pool, and a later serialization on this thread resets to its own.
                json.Reset(Detached);
            }

            EnsureSize(buffer.WrittenCount);
            return buffer;
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    public StoredCart Deserialize(CartKey key, ReadOnlySpan<byte> bytes)
    {
        var cart = Read(key, bytes, Context.StoredCart);
        if (cart.Format != StoredCart.CurrentFormat)
        {
            throw new CartDataCorruptedException(key.Identifier, key.Instance, $"unsupported format version {cart.Format} (this library reads format {StoredCart.CurrentFormat}).");
        }

        if (cart.Items is null || cart.Conditions is null || cart.Metadata is null)
        {
            throw new CartDataCorruptedException(key.Identifier, key.Instance, "a required member (items, conditions, metadata) is null.");
        }

        if (generations && string.IsNullOrEmpty(cart.Generation))
        {
            // Not "another generation": a cart whose generation cannot be read must not read as missing, or the next write replaces it.
            throw new CartDataCorruptedException(key.Identifier, key.Instance, "the required member generation is null or empty.");
        }

        StoredCartCheck.Check(key, cart.ToSnapshot());
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

        // An index written by two racing writers, or by hand, may name an instance twice: list it once.
        index.Instances = [.. index.Instances.Distinct(StringComparer.Ordinal)];
        return index;
    }

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
}
