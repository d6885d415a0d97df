using System.Text.Json;
using System.Text.Json.Serialization;

namespace CartStorage;

/// <summary>
/// Source-generated serialization: no reflection, no type names, no polymorphism. Attribute and metadata
/// values are plain <see cref="JsonElement"/>s. Items and conditions are read and written by hand
/// (<see cref="CartItemConverter"/>, <see cref="CartConditionConverter"/>), their lists and dictionaries as read-only
/// types (<see cref="StoredListConverter{T}"/>, <see cref="StoredAttributesConverter"/>).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    NumberHandling = JsonNumberHandling.Strict,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [
        typeof(StoredAttributesConverter),
        typeof(StoredListConverter<CartItem>),
        typeof(StoredListConverter<CartCondition>),
        typeof(CartItemConverter),
        typeof(CartConditionConverter)])]
[JsonSerializable(typeof(StoredCart))]
[JsonSerializable(typeof(StoredInstanceIndex))]
[JsonSerializable(typeof(IReadOnlyList<CartItem>))]
[JsonSerializable(typeof(IReadOnlyList<CartCondition>))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, JsonElement>))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
internal sealed partial class CartJsonContext : JsonSerializerContext;
