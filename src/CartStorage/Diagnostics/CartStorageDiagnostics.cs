namespace CartStorage;

/// <summary>
/// The names under which the cart storage publishes its telemetry, for OpenTelemetry registration:
/// <c>.WithMetrics(m => m.AddMeter(CartStorageDiagnostics.MeterName))</c> and
/// <c>.WithTracing(t => t.AddSource(CartStorageDiagnostics.ActivitySourceName))</c>. docs/observability.md lists every
/// instrument, span and tag.
/// </summary>
public static class CartStorageDiagnostics
{
    /// <summary>The name of the <see cref="System.Diagnostics.Metrics.Meter"/>: <c>CartStorage</c>.</summary>
    public const string MeterName = "CartStorage";

    /// <summary>The name of the <see cref="System.Diagnostics.ActivitySource"/>: <c>CartStorage</c>.</summary>
    public const string ActivitySourceName = "CartStorage";
}
