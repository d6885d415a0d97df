using System.Text.Json;
using System.Text.Json.Serialization;

namespace CartStorage;

/// <summary>
/// The stored document of one cart in a cache or session entry (format 1, documented in docs/stored-format.md).
/// </summary>
/// <remarks>
/// Every member a cart needs is <see cref="JsonRequiredAttribute"/>: a document without one is corrupt, not a cart
/// with a default value. <c>generation</c> is required by the cache only (<see cref="CartSerializer"/>).
/// </remarks>
internal sealed class StoredCart
{
    public const int CurrentFormat = 1;

    [JsonPropertyName("format")]
    [JsonRequired]
    public int Format { get; set; } = CurrentFormat;

    /// <summary>The flush generation the cart was written in; a cart of an older generation is invisible.</summary>
    [JsonPropertyName("generation")]
    public string? Generation { get; set; }

    [JsonPropertyName("id")]
    [JsonRequired]
    public Guid Id { get; set; }

    [JsonPropertyName("version")]
    [JsonRequired]
    public long Version { get; set; }

    [JsonPropertyName("createdAt")]
    [JsonRequired]
    public DateTimeOffset CreatedAt { get; set; }

    [JsonPropertyName("updatedAt")]
    [JsonRequired]
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>When the cart was last recorded in its identifier's instance index.</summary>
    [JsonPropertyName("indexedAt")]
    public DateTimeOffset? IndexedAt { get; set; }

    /// <summary>The source cart (id and version) the last merge into this cart absorbed, so a repeated merge does not add it twice.</summary>
    [JsonPropertyName("absorbed")]
    public string? Absorbed { get; set; }

    /// <summary>The idempotency keys of the cart's last writes (absent in carts written before they existed).</summary>
    [JsonPropertyName("keys")]
    public IReadOnlyList<string>? IdempotencyKeys { get; set; }

    [JsonPropertyName("items")]
    [JsonRequired]
    public IReadOnlyList<CartItem>? Items { get; set; }

    [JsonPropertyName("conditions")]
    [JsonRequired]
    public IReadOnlyList<CartCondition>? Conditions { get; set; }

    [JsonPropertyName("metadata")]
    [JsonRequired]
    public IReadOnlyDictionary<string, JsonElement>? Metadata { get; set; }

    /// <summary>The stored form of a stamped snapshot (one with its id, version and timestamps).</summary>
    public static StoredCart Of(CartSnapshot snapshot, string? absorbed = null) => new()
    {
        Id = snapshot.Id,
        Version = snapshot.Version,
        CreatedAt = snapshot.CreatedAt!.Value,
        UpdatedAt = snapshot.UpdatedAt!.Value,
        Absorbed = absorbed,
        IdempotencyKeys = snapshot.IdempotencyKeys.Count == 0 ? null : snapshot.IdempotencyKeys,
        Items = snapshot.Items,
        Conditions = snapshot.Conditions,
        Metadata = snapshot.Metadata,
    };

    public CartSnapshot ToSnapshot() => new()
    {
        Items = Items ?? [],
        Conditions = Conditions ?? [],
        Metadata = Metadata ?? CartDefaults.EmptyAttributes,
        IdempotencyKeys = IdempotencyKeys ?? [],
        Version = Version,
        Id = Id,
        CreatedAt = CreatedAt,
        UpdatedAt = UpdatedAt,
    };
}

/// <summary>The instance index of one identifier in a cache or session entry.</summary>
internal sealed class StoredInstanceIndex
{
    [JsonPropertyName("format")]
    public int Format { get; set; } = StoredCart.CurrentFormat;

    [JsonPropertyName("generation")]
    public string? Generation { get; set; }

    [JsonPropertyName("instances")]
    public List<string>? Instances { get; set; }
}
