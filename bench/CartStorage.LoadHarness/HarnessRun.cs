using System.Globalization;
using CartStorage.Testing;
using HdrHistogram;

namespace CartStorage.LoadHarness;

/// <summary>One measured run: starts the workers, releases them together, collects their latencies and checks the carts.</summary>
internal static class HarnessRun
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    /// <param name="progress">Called about ten times a second with the operations acknowledged so far.</param>
    public static async Task<RunResult> ExecuteAsync(HarnessOptions options, string backend, bool hot, int processes, string directory, Action<long> progress)
    {
        var scratch = "bench_" + Guid.NewGuid().ToString("N")[..12];
        var environment = Backend.Environment(backend, options, scratch, directory);
        var identifiers = Enumerable.Range(0, processes).Select(p => hot ? "hot" : $"cart{p}").ToArray();
        var startFile = Path.Combine(directory, scratch + ".go");
        string[] workload = options.Duration is { } d
            ? ["--duration-ms", ((int)d.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)]
            : ["--count", options.Ops.ToString(CultureInfo.InvariantCulture)];

        var workers = new List<WorkerProcess>();
        try
        {
            // The first worker alone creates the table or the first keys, so the others never race a cold schema.
            foreach (var identifier in identifiers)
            {
                var worker = WorkerProcess.Start(["bench", "--identifier", identifier, "--start-file", startFile, .. workload], environment);
                workers.Add(worker);
                await worker.WaitForLineAsync("ready", StartTimeout);
            }

            await File.WriteAllTextAsync(startFile, "go");
            var running = Task.WhenAll(workers.Select(w => w.WaitForExitAsync(StartTimeout + (options.Duration ?? TimeSpan.FromMinutes(10)))));
            while (!running.IsCompleted)
            {
                progress(workers.Sum(w => (long)w.Acknowledged));
                await Task.WhenAny(running, Task.Delay(100));
            }

            await running;
            if (workers.FirstOrDefault(w => w.ExitCode != 0) is { } failed)
            {
                throw new InvalidOperationException($"A {backend} worker exited with {failed.ExitCode}: {failed.Errors}");
            }

            return await CollectAsync(backend, hot, workers, identifiers.Distinct(), environment);
        }
        finally
        {
            foreach (var worker in workers)
            {
                await worker.DisposeAsync();
            }
        }
    }

    private static async Task<RunResult> CollectAsync(string backend, bool hot, List<WorkerProcess> workers, IEnumerable<string> carts, Dictionary<string, string> environment)
    {
        var latencies = new LongHistogram(TimeSpan.FromMinutes(5).Ticks / 10, 3); // microseconds, 3 significant digits
        long acknowledged = 0, retries = 0, conflicts = 0, timeouts = 0;
        foreach (var outcome in workers.SelectMany(Outcomes))
        {
            switch (outcome.Kind)
            {
                case "ack":
                    acknowledged++;
                    retries += outcome.MutateCalls - 1;
                    latencies.RecordValue((long)(outcome.LatencyMs * 1000));
                    break;
                case "conflict":
                    conflicts++;
                    break;
                default:
                    timeouts++;
                    break;
            }
        }

        var elapsed = workers.Max(w => double.Parse(w.Lines.Single(l => l.StartsWith("elapsed ", StringComparison.Ordinal))["elapsed ".Length..], CultureInfo.InvariantCulture));
        long stored = 0;
        foreach (var cart in carts)
        {
            stored += await StoredQuantityAsync(cart, environment);
        }

        return new RunResult(backend, hot, workers.Count, acknowledged, stored, retries, conflicts, timeouts, elapsed, latencies);
    }

    /// <summary>Reads a cart's quantity through the same backend configuration, in a worker process of its own.</summary>
    private static async Task<long> StoredQuantityAsync(string identifier, Dictionary<string, string> environment)
    {
        await using var reader = WorkerProcess.Start(["quantity", "--identifier", identifier], environment);
        await reader.WaitForExitAsync(StartTimeout);
        var line = reader.Lines.FirstOrDefault(l => l.StartsWith("quantity ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"The quantity of '{identifier}' could not be read: {reader.Errors}");
        return long.Parse(line["quantity ".Length..], CultureInfo.InvariantCulture);
    }

    private static IEnumerable<Outcome> Outcomes(WorkerProcess worker) =>
        worker.Lines.Select(line => line.Split(' ')).Where(parts => parts is ["ack" or "conflict" or "timeout", _, _, _])
            .Select(parts => new Outcome(parts[0], double.Parse(parts[2], CultureInfo.InvariantCulture), int.Parse(parts[3], CultureInfo.InvariantCulture)));

    private readonly record struct Outcome(string Kind, double LatencyMs, int MutateCalls);
}
