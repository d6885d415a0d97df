namespace CartStorage.Observability.Tests;

/// <summary>One measurement of a CartStorage instrument.</summary>
internal sealed record Recorded(string Instrument, string? Unit, double Value, IReadOnlyDictionary<string, object?> Tags)
{
    public bool Has(string tag, object value) => Tags.TryGetValue(tag, out var actual) && Equals(actual, value);
}
