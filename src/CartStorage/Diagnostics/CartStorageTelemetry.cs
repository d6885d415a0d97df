using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CartStorage;

/// <summary>
/// The instruments of the <c>CartStorage</c> meter and the <c>CartStorage</c> activity source (docs/observability.md).
/// Spans carry the backend, operation, instance and outcome, never the cart identifier, which may be personal data
/// (a user id, an e-mail address). Each recording method is a no-op when nobody listens.
/// </summary>
internal sealed class CartStorageTelemetry
{
    private static readonly string? Version = typeof(CartStorageTelemetry).Assembly.GetName().Version?.ToString();
    private static readonly ActivitySource Source = new(CartStorageDiagnostics.ActivitySourceName, Version);

    /// <summary>The telemetry of storages created without an <see cref="IMeterFactory"/>: one process-wide meter.</summary>
    private static readonly Lazy<CartStorageTelemetry> Shared = new(() => new CartStorageTelemetry(new Meter(CartStorageDiagnostics.MeterName, Version)));

    private static readonly InstrumentAdvice<double> SecondsAdvice = new()
    {
        HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    };

    private static readonly InstrumentAdvice<long> BytesAdvice = new()
    {
        HistogramBucketBoundaries = [256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304],
    };

    private readonly Counter<long> operations;
    private readonly Histogram<double> duration;
    private readonly Counter<long> conflicts;
    private readonly Counter<long> retries;
    private readonly Histogram<double> lockWait;
    private readonly Counter<long> lockTimeouts;
    private readonly Histogram<long> payloadSize;

    private CartStorageTelemetry(Meter meter)
    {
        operations = meter.CreateCounter<long>("cart.storage.operations", "{operation}", "Storage operations, by backend, operation and outcome.");
        duration = meter.CreateHistogram("cart.storage.operation.duration", "s", "Duration of storage operations, including retries and lock waits.", tags: null, SecondsAdvice);
        conflicts = meter.CreateCounter<long>("cart.storage.conflicts", "{conflict}", "Writes that found the cart changed since it was read (version check failed), retried or not.");
        retries = meter.CreateCounter<long>("cart.storage.retries", "{retry}", "Read-modify-writes started again after a conflict.");
        lockWait = meter.CreateHistogram("cart.storage.lock.wait.duration", "s", "Time spent acquiring a cart lock, acquired or not.", tags: null, SecondsAdvice);
        lockTimeouts = meter.CreateCounter<long>("cart.storage.lock.timeouts", "{timeout}", "Cart locks not acquired within Cart:Cache:LockTimeout.");
        payloadSize = meter.CreateHistogram("cart.storage.payload.size", "By", "Size of the serialized carts written.", tags: null, BytesAdvice);
    }

    /// <summary>Whether an operation is worth observing: someone listens to its span or to an instrument it records.</summary>
    public bool Enabled => operations.Enabled || duration.Enabled || conflicts.Enabled || Source.HasListeners();

    /// <summary>Whether someone listens to the lock instruments.</summary>
    public bool LocksObserved => lockWait.Enabled || lockTimeouts.Enabled;

    /// <summary>The telemetry over the meter <paramref name="meterFactory"/> creates, or over a process-wide meter without one.</summary>
    public static CartStorageTelemetry Create(IMeterFactory? meterFactory) =>
        meterFactory is null
            ? Shared.Value
            : new CartStorageTelemetry(meterFactory.Create(new MeterOptions(CartStorageDiagnostics.MeterName) { Version = Version }));

    /// <summary>Starts observing an operation: starts its span (current until the operation ends) and its clock.</summary>
    /// <param name="backend">The <see cref="CartStorageCapabilities.Backend"/> of the storage.</param>
    /// <param name="operation">The kind of operation.</param>
    /// <param name="instance">The cart instance, or <see langword="null"/> for operations on several carts.</param>
    public CartOperationScope StartOperation(string backend, CartOperation operation, string? instance)
    {
        var activity = Source.StartActivity(operation.SpanName, ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(CartTelemetryTags.Backend, backend);
            activity.SetTag(CartTelemetryTags.Operation, operation.Name);
            activity.SetTag(CartTelemetryTags.Instance, instance);
        }

        return new CartOperationScope(this, backend, operation, activity, Stopwatch.GetTimestamp());
    }

    /// <summary>Records a failed version check that is retried (one conflict and one retry).</summary>
    public void Retrying(string backend, CartOperation operation)
    {
        var tags = new TagList { { CartTelemetryTags.Backend, backend }, { CartTelemetryTags.Operation, operation.Name } };
        conflicts.Add(1, tags);
        retries.Add(1, tags);
    }

    /// <summary>Measures the wait of a lock acquisition started at <paramref name="started"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    public async Task<ICartLock> ObserveLockWaitAsync(string backend, long started, Task<ICartLock> acquire)
    {
        try
        {
            var held = await acquire.ConfigureAwait(false);
            RecordLockWait(backend, started, CartTelemetryTags.Acquired);
            return held;
        }
        catch (CartLockTimeoutException)
        {
            RecordLockWait(backend, started, CartTelemetryTags.Timeout);
            lockTimeouts.Add(1, new KeyValuePair<string, object?>(CartTelemetryTags.Backend, backend));
            throw;
        }
        catch (Exception e)
        {
            RecordLockWait(backend, started, CartTelemetryTags.OutcomeOf(e));
            throw;
        }
    }

    /// <summary>Records the size of a serialized cart about to be written (also when it is over the size limit).</summary>
    public void RecordPayloadSize(string backend, long bytes) =>
        payloadSize.Record(bytes, new KeyValuePair<string, object?>(CartTelemetryTags.Backend, backend));

    /// <summary>Ends an operation started by <see cref="StartOperation"/>.</summary>
    internal void Stop(string backend, CartOperation operation, Activity? activity, TimeSpan elapsed, Exception? error)
    {
        var outcome = CartTelemetryTags.OutcomeOf(error);
        var tags = new TagList
        {
            { CartTelemetryTags.Backend, backend },
            { CartTelemetryTags.Operation, operation.Name },
            { CartTelemetryTags.Outcome, outcome },
        };
        operations.Add(1, tags);
        duration.Record(elapsed.TotalSeconds, tags);
        if (error is CartConflictException)
        {
            conflicts.Add(1, new TagList { { CartTelemetryTags.Backend, backend }, { CartTelemetryTags.Operation, operation.Name } });
        }

        if (activity is null)
        {
            return;
        }

        if (activity.IsAllDataRequested)
        {
            activity.SetTag(CartTelemetryTags.Outcome, outcome);
        }

        if (error is not null)
        {
            // The type only: exception messages name the cart identifier, which spans never carry.
            activity.SetTag(CartTelemetryTags.ErrorType, error.GetType().FullName);
            activity.SetStatus(ActivityStatusCode.Error, outcome);
        }

        activity.Dispose();
    }

    private void RecordLockWait(string backend, long started, string outcome) =>
        lockWait.Record(
            Stopwatch.GetElapsedTime(started).TotalSeconds,
            new KeyValuePair<string, object?>(CartTelemetryTags.Backend, backend),
            new KeyValuePair<string, object?>(CartTelemetryTags.LockOutcome, outcome));
}
