using StackExchange.Redis;

namespace CartStorage.Redis;

/// <summary>The item delta's I/O: one <see cref="RedisDeltaScript"/> call, one round trip.</summary>
internal sealed partial class RedisCartStore
{
    private static readonly RedisScript Delta = new(RedisDeltaScript.Apply);

    /// <summary>Runs the delta script (see <see cref="RedisDeltaScript"/>) on the cart and its index and returns its reply.</summary>
    public async Task<RedisDeltaReply> ApplyDeltaAsync(CartKey key, RedisDeltaRequest request, CancellationToken ct)
    {
        RedisValue[] values =
        [
            request.Kind, request.ItemId, request.Quantity, request.Created ?? RedisValue.EmptyString,
            request.IdempotencyKey ?? string.Empty, request.IdempotencyKeyJson, request.Limits.IdempotencyKeys, request.Limits.MaxItems,
            request.Limits.MaxItemQuantity, request.Limits.MaxDataSizeBytes, request.UpdatedAtJson, ttlMilliseconds,
            key.Instance, CartKeyEncoder.Encode(key.Instance), request.CheckedLimits,
        ];
        var reply = (RedisResult[])(await RunAsync(key.Identifier, key.Instance, db => Delta.EvaluateAsync(db, [keys.Cart(key), keys.Index(key.Identifier)], values), ct).ConfigureAwait(false))!;
        var code = (int)reply[0];
        return code switch
        {
            1 or 2 => new RedisDeltaReply(code, (byte[])reply[1]!),
            -1 => throw Foreign(key, "a key of the cart holds data of another type or shape (not written by this library)"),
            _ => new RedisDeltaReply(code, null),
        };
    }
}

/// <summary>
/// What the delta script is asked: the change (<paramref name="Kind"/> <c>a</c>, <c>q</c> or <c>r</c>), for an add
/// <c>{"items":[item]}</c> (the script takes the item's text from it), the idempotency key, the
/// limits, the update time as JSON text, and the item limits tag (<see cref="RedisDeltaScript"/>).
/// </summary>
internal sealed record RedisDeltaRequest(
    string Kind,
    string ItemId,
    int Quantity,
    byte[]? Created,
    string? IdempotencyKey,
    string IdempotencyKeyJson,
    CartLimitsOptions Limits,
    string UpdatedAtJson,
    string CheckedLimits);

/// <summary>The delta script's reply: its code (<see cref="RedisDeltaScript"/>) and, for codes 1 and 2, the stored document.</summary>
internal sealed record RedisDeltaReply(int Code, byte[]? Document);
