using System.Diagnostics;

namespace CartStorage;

/// <summary>One storage operation being observed: its span (when someone samples it) and its start time.</summary>
internal readonly struct CartOperationScope(CartStorageTelemetry telemetry, string backend, CartOperation operation, Activity? activity, long started)
{
    /// <summary>Records the operation's outcome (success when <paramref name="error"/> is <see langword="null"/>) and ends its span.</summary>
    public void Stop(Exception? error) => telemetry.Stop(backend, operation, activity, Stopwatch.GetElapsedTime(started), error);
}
