using System.Text.Json;

namespace CartStorage;

/// <summary>
/// A discount, tax, shipping fee or other adjustment applied to a cart or to one item.
/// </summary>
public sealed record CartCondition
{
    /// <summary>The condition's name, for example <c>"VAT 20%"</c>. Not empty.</summary>
    public required string Name { get; init; }

    /// <summary>The kind of condition, for example <c>"tax"</c>, <c>"discount"</c>, <c>"shipping"</c>. Not empty.</summary>
    public required string Type { get; init; }

    /// <summary>What the condition applies to: <c>subtotal</c> (default), <c>total</c> or <c>item</c>.</summary>
    public string Target { get; init; } = CartConditionTargets.Subtotal;

    /// <summary>
    /// The adjustment: an optional sign, a decimal number and an optional <c>%</c>,
    /// such as <c>"-10%"</c>, <c>"+5.00"</c> or <c>"12.5%"</c>.
    /// </summary>
    public required string Value { get; init; }

    /// <summary>The order in which conditions are applied, lowest first.</summary>
    public int Order { get; init; }

    /// <summary>Free-form JSON attributes.</summary>
    public IReadOnlyDictionary<string, JsonElement> Attributes { get; init; } = CartDefaults.EmptyAttributes;
}

/// <summary>The accepted values of <see cref="CartCondition.Target"/>.</summary>
public static class CartConditionTargets
{
    /// <summary>Applies to the sum of the items.</summary>
    public const string Subtotal = "subtotal";

    /// <summary>Applies to the total after subtotal conditions.</summary>
    public const string Total = "total";

    /// <summary>Applies to a single item.</summary>
    public const string Item = "item";
}
