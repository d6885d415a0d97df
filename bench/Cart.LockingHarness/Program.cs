// Cart.LockingHarness: lost updates and cost of CacheStorage locking, measured with separate OS processes.
//
//   dotnet run -c Release --project bench/Cart.LockingHarness -- --redis 127.0.0.1:6379 [--ops 200] [--processes 1,2,5]
//
// For each of "one hot cart" and "distinct carts" (one per process), without and with locking (RedLock over the same
// Redis), and for each process count, it starts that many copies of itself ("worker" mode). Each worker warms up,
// says "ready", waits for "go", then does --ops UpdateAsync increments, timing each, and prints its latencies. The
// harness reports throughput, latency per operation (mean, p50, p99) and lost updates (expected minus stored quantity).
using System.Globalization;
using Cart.LockingHarness;

var options = HarnessOptions.Parse(args);
if (options.Mode == "worker")
{
    return await BenchWorker.RunAsync(options);
}

Console.WriteLine($"redis {options.Redis}, {options.Ops} increments per process, processes {string.Join(",", options.Processes)}");
Console.WriteLine("| cart | processes | ops/s off / on | mean ms/op off / on | p50 ms off / on | p99 ms off / on | latency overhead (mean on ÷ off) | lost updates off / on (of expected) |");
Console.WriteLine("|---|---|---|---|---|---|---|---|");
foreach (var hot in new[] { true, false })
{
    foreach (var processes in options.Processes)
    {
        // Both measured back to back in this run, so the ratio compares like with like.
        var off = await HarnessRun.ExecuteAsync(options, processes, locking: false, hot);
        var on = await HarnessRun.ExecuteAsync(options, processes, locking: true, hot);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"| {(hot ? "one hot cart" : "one cart per process")} | {processes} | {off.OpsPerSecond:F0} / {on.OpsPerSecond:F0} | {off.Latencies.Average():F2} / {on.Latencies.Average():F2} | {Percentile(off.Latencies, 0.50):F2} / {Percentile(on.Latencies, 0.50):F2} | {Percentile(off.Latencies, 0.99):F2} / {Percentile(on.Latencies, 0.99):F2} | {on.Latencies.Average() / off.Latencies.Average():F2}× | {off.Expected - off.Stored} / {on.Expected - on.Stored} (of {off.Expected}) |"));
    }
}

return 0;

static double Percentile(IReadOnlyList<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
