using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CartStorage.Observability.Tests;

/// <summary>
/// Records the measurements of the CartStorage instruments created by one <see cref="IMeterFactory"/> (so other
/// storages in the process do not count) and every stopped CartStorage span.
/// </summary>
internal sealed class TelemetryCapture : IDisposable
{
    private readonly MeterListener meters = new();
    private readonly ActivityListener spans;
    private readonly ConcurrentQueue<Recorded> measurements = new();
    private readonly ConcurrentQueue<Activity> stopped = new();

    public TelemetryCapture(IMeterFactory meterFactory)
    {
        meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == meterFactory && instrument.Meter.Name == CartStorageDiagnostics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        meters.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        meters.Start();

        spans = new ActivityListener
        {
            ShouldListenTo = source => source.Name == CartStorageDiagnostics.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(spans);
    }

    public IReadOnlyList<Activity> Spans => [.. stopped];

    public IReadOnlyList<Recorded> Measurements(string instrument) => [.. measurements.Where(m => m.Instrument == instrument)];

    /// <summary>The sum of an instrument's measurements whose tags include all of <paramref name="tags"/>.</summary>
    public double Sum(string instrument, params (string Tag, object Value)[] tags) =>
        Measurements(instrument).Where(m => tags.All(t => m.Has(t.Tag, t.Value))).Sum(m => m.Value);

    public void Clear()
    {
        measurements.Clear();
        stopped.Clear();
    }

    public void Dispose()
    {
        meters.Dispose();
        spans.Dispose();
    }

    private void Add<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        where T : struct, IConvertible
    {
        var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, tagValue) in tags)
        {
            copy[key] = tagValue;
        }

        measurements.Enqueue(new Recorded(instrument.Name, instrument.Unit, value.ToDouble(null), copy));
    }
}
