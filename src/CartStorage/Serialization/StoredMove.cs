using System.Text.Json.Serialization;

namespace CartStorage;

/// <summary>
/// One end of a cache move (<see cref="CacheStorage"/> merge or swap, docs/merge.md): the move's marker and the cart at
/// the other end. In the source's entry (<c>movingTo</c>) it names the target; in the target's entry (<c>movedIn</c>)
/// it names the source. A marker is new for every move, so a source that no longer carries it never carries it again.
/// </summary>
internal sealed class StoredMove
{
    [JsonPropertyName("marker")]
    [JsonRequired]
    public Guid Marker { get; set; }

    [JsonPropertyName("identifier")]
    [JsonRequired]
    public string? Identifier { get; set; }

    [JsonPropertyName("instance")]
    [JsonRequired]
    public string? Instance { get; set; }

    public static StoredMove Of(Guid marker, CartKey other) => new() { Marker = marker, Identifier = other.Identifier, Instance = other.Instance };

    /// <summary>The cart at the other end of the move.</summary>
    public CartKey Other() => new(Identifier!, Instance!);
}
