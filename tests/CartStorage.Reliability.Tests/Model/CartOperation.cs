using System.Text.Json;
using CsCheck;

namespace CartStorage.Reliability.Tests.Model;

/// <summary>What a generated step does.</summary>
public enum CartOperationKind
{
    PutItems,
    PutConditions,
    PutBoth,
    PutMetadata,
    PutMetadataBatch,
    ClearMetadata,
    Forget,
    ForgetIdentifier,
    Swap,
    Update,
    SaveFresh,
    SaveStale,
    SaveNew,
    Flush,
    ForgetFresh,
    ForgetStale,
    Merge,
}

/// <summary>
/// One generated step over a small key space (3 identifiers × 2 instances, so steps collide on purpose). The numbers
/// index fixed pools of values, so a shrunk counterexample prints short and can be pasted into a regression test.
/// </summary>
/// <param name="Kind">The operation.</param>
/// <param name="Identifier">Index of the identifier (0-2).</param>
/// <param name="Instance">Index of the instance (0-1).</param>
/// <param name="Target">Index of the other identifier of a swap or a merge (0-2).</param>
/// <param name="Variant">Which items, conditions or metadata the step writes (0-5).</param>
public sealed record CartOperation(CartOperationKind Kind, int Identifier, int Instance, int Target, int Variant)
{
    public static readonly string[] Instances = ["default", "wish:list"];

    private static readonly string[] MetadataValues = ["1", "\"SAVE10\"", "{\"a\":[1,2.50],\"b\":null}", "true", "[]", "{\"nested\":{\"deep\":{\"x\":\"y\"}}}"];

    public static Gen<CartOperation[]> Sequences { get; } =
        Gen.Select(Gen.Enum<CartOperationKind>(), Gen.Int[0, 2], Gen.Int[0, 1], Gen.Int[0, 2], Gen.Int[0, 5], (kind, identifier, instance, target, variant) => new CartOperation(kind, identifier, instance, target, variant))
            .Array[1, 30];

    public string InstanceName => Instances[Instance];

    public CartItem[] Items => (Variant % 4) switch
    {
        0 => [],
        1 => [new CartItem { Id = "a", Name = "A", Price = 1.50m }],
        2 => [new CartItem { Id = "a", Name = "A", Price = 1.50m, Quantity = 2 }, new CartItem { Id = "b", Name = "B ☕", Price = 9.99m }],
        _ => [new CartItem { Id = "c", Name = "C", Price = 0m, Quantity = 3, Attributes = new Dictionary<string, JsonElement> { ["size"] = Json("\"XL\"") }, AssociatedModel = "Product:3" }],
    };

    public CartCondition[] Conditions => (Variant % 3) switch
    {
        0 => [],
        1 => [new CartCondition { Name = "ship", Type = "shipping", Value = "+5.00" }],
        _ => [new CartCondition { Name = "tax", Type = "tax", Target = CartConditionTargets.Total, Value = "20%", Order = 2 }, new CartCondition { Name = "ship", Type = "shipping", Value = "+5.00", Order = 1 }],
    };

    public string MetadataKey => "k" + (Variant % 2);

    public JsonElement MetadataValue => Json(MetadataValues[Variant]);

    public IReadOnlyDictionary<string, JsonElement> MetadataBatch => new Dictionary<string, JsonElement>
    {
        ["k0"] = Json(MetadataValues[Variant]),
        ["k" + (2 + (Variant % 2))] = Json(MetadataValues[(Variant + 1) % MetadataValues.Length]),
    };

    /// <summary>The item an <see cref="CartOperationKind.Update"/> adds, or whose quantity it increases.</summary>
    public string UpdatedItem => "u" + (Variant % 2);

    /// <summary>A version that is surely not <paramref name="current"/>: one or two ahead, or one behind.</summary>
    public long StaleVersion(long current) => current > 0 && Variant % 3 == 0 ? current - 1 : current + 1 + (Variant % 2);

    public override string ToString() => $"new({Kind}, {Identifier}, {Instance}, {Target}, {Variant})";

    /// <summary>The strategy of a <see cref="CartOperationKind.Merge"/>.</summary>
    public CartMergeStrategy Strategy => (CartMergeStrategy)(Variant % 4);

    /// <summary>Increments <see cref="UpdatedItem"/>, adding it first if needed.</summary>
    public CartSnapshot Update(CartSnapshot cart) => cart.Items.Any(i => i.Id == UpdatedItem)
        ? cart with { Items = [.. cart.Items.Select(i => i.Id == UpdatedItem ? i with { Quantity = i.Quantity + 1 } : i)] }
        : cart with { Items = [.. cart.Items, new CartItem { Id = UpdatedItem, Name = UpdatedItem, Price = 2m }] };

    private static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
