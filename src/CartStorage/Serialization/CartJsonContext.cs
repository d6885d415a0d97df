using System.Text.Json;
using System.Text.Json.Serialization;

namespace CartStorage;

/// <summary>
/// Source-generated serialization: no reflection, no type names, no polymorphism. Attribute and metadata
/// values are plain <see cref="JsonElement"/>s.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    NumberHandling = JsonNumberHandling.Strict,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StoredCart))]
[JsonSerializable(typeof(StoredInstanceIndex))]
[JsonSerializable(typeof(IReadOnlyList<CartItem>))]
[JsonSerializable(typeof(IReadOnlyList<CartCondition>))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, JsonElement>))]
internal sealed partial class CartJsonContext : JsonSerializerContext;
