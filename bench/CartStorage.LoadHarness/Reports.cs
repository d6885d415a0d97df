using System.Globalization;
using System.Text;

namespace CartStorage.LoadHarness;

/// <summary>The results as Markdown (tables and the targets of issue 6) and CSV.</summary>
internal static class Reports
{
    public static string Csv(IEnumerable<RunResult> results)
    {
        var csv = new StringBuilder("backend,carts,processes,acknowledged,ops_per_s,p50_ms,p99_ms,mean_ms,retries,conflicts,lock_timeouts,lost_updates\n");
        foreach (var r in results)
        {
            csv.AppendLine(Invariant($"{r.Backend},{r.Carts},{r.Processes},{r.Acknowledged},{r.OpsPerSecond:F1},{r.P50Ms:F3},{r.P99Ms:F3},{r.MeanMs:F3},{r.Retries},{r.Conflicts},{r.LockTimeouts},{r.LostUpdates}"));
        }

        return csv.ToString();
    }

    public static string Markdown(HarnessOptions options, IReadOnlyList<RunResult> results, string command)
    {
        var md = new StringBuilder();
        md.AppendLine("# Load harness results").AppendLine();
        md.AppendLine(Invariant($"`{command}` — {options.Workload}, {Environment.ProcessorCount} logical CPUs, {Environment.OSVersion}, .NET {Environment.Version}.")).AppendLine();
        md.AppendLine("Latency is per `UpdateAsync` as the caller sees it (lock wait and retries included); \"× raw\" is p50 over the p50 of");
        md.AppendLine("the unprotected `redis` run with the same carts and processes, measured in the same run. Lost updates = acknowledged");
        md.AppendLine("increments minus the quantity stored at the end; retries = version conflicts resolved by re-reading.").AppendLine();
        md.AppendLine("| backend | carts | processes | ops/s | p50 ms | p99 ms | mean ms | p50 × raw | retries | conflicts | lock timeouts | lost updates (of acknowledged) |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in results)
        {
            var raw = Find(results, "redis", r.HotCart, r.Processes);
            md.AppendLine(Invariant($"| {r.Backend} | {r.Carts} | {r.Processes} | {r.OpsPerSecond:F0} | {r.P50Ms:F2} | {r.P99Ms:F2} | {r.MeanMs:F2} | {(raw is null ? "–" : $"{r.P50Ms / raw.P50Ms:F2}×")} | {r.Retries} | {r.Conflicts} | {r.LockTimeouts} | {r.LostUpdates} (of {r.Acknowledged}) |"));
        }

        LockingTable(md, results);
        Targets(md, results);
        return md.ToString();
    }

    /// <summary>The CACHE_LOCKING.md table: without / with locking, same carts and processes, back to back.</summary>
    private static void LockingTable(StringBuilder md, IReadOnlyList<RunResult> results)
    {
        var pairs = results.Where(r => r.Backend == "redis")
            .Select(off => (off, on: Find(results, "redis-lock", off.HotCart, off.Processes)))
            .Where(p => p.on is not null).ToList();
        if (pairs.Count == 0)
        {
            return;
        }

        md.AppendLine().AppendLine("## CacheStorage without / with locking").AppendLine();
        md.AppendLine("| cart | processes | ops/s off / on | mean ms/op off / on | p50 ms off / on | p99 ms off / on | p50 overhead (on ÷ off) | lost updates off / on (of acknowledged) |");
        md.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var (off, on) in pairs)
        {
            md.AppendLine(Invariant($"| {(off.HotCart ? "one hot cart" : "one cart per process")} | {off.Processes} | {off.OpsPerSecond:F0} / {on!.OpsPerSecond:F0} | {off.MeanMs:F2} / {on.MeanMs:F2} | {off.P50Ms:F2} / {on.P50Ms:F2} | {off.P99Ms:F2} / {on.P99Ms:F2} | {on.P50Ms / off.P50Ms:F2}× | {off.LostUpdates} (of {off.Acknowledged}) / {on.LostUpdates} (of {on.Acknowledged}) |"));
        }
    }

    /// <summary>The targets of issue 6 that this harness can check.</summary>
    private static void Targets(StringBuilder md, IReadOnlyList<RunResult> results)
    {
        md.AppendLine().AppendLine("## Targets").AppendLine();
        var ratios = results.Where(r => r.Backend == "redis-lock" && !r.HotCart)
            .Select(on => (on.Processes, off: Find(results, "redis", hot: false, on.Processes), on))
            .Where(p => p.off is not null)
            .Select(p => (p.Processes, Ratio: p.on.P50Ms / p.off!.P50Ms)).ToList();
        if (ratios.Count > 0)
        {
            var list = string.Join(", ", ratios.Select(r => Invariant($"{r.Ratio:F2}× at {r.Processes}")));
            var grows = ratios.Count > 1 && ratios[^1].Ratio > ratios[0].Ratio * 1.1;
            md.AppendLine($"- Locked p50 ÷ unlocked p50, distinct carts (target ≤ 2.3×, not growing with processes): {list} — {(ratios.All(r => r.Ratio <= 2.3) && !grows ? "met" : "missed")}.");
        }

        var uncontended = Find(results, "redis-lock", hot: false, 1) ?? Find(results, "redis-lock", hot: true, 1);
        foreach (var hot in results.Where(r => r.Backend == "redis-lock" && r.HotCart && r.Processes > 1))
        {
            var share = uncontended is null ? double.NaN : hot.OpsPerSecond / uncontended.OpsPerSecond;
            md.AppendLine(Invariant($"- Hot cart, {hot.Processes} processes, locking on: {hot.LostUpdates} lost updates (target 0), throughput {share:P0} of uncontended locked (1 process; target ≥ 30 %) — {(hot.LostUpdates == 0 && share >= 0.3 ? "met" : "missed")}."));
        }

        foreach (var add in results.Where(r => r.Backend == "redis-store-add" && r.HotCart))
        {
            // Issue 22: a delta needs no read and never conflicts, so on a hot cart it should at least double UpdateAsync's throughput.
            var update = Find(results, "redis-store", hot: true, add.Processes);
            var ratio = update is null ? double.NaN : add.OpsPerSecond / update.OpsPerSecond;
            md.AppendLine(Invariant($"- Hot cart, {add.Processes} processes, RedisStorage AddItemAsync: {add.LostUpdates} lost, {add.Conflicts} conflicts (target 0 and 0), throughput {ratio:F2}× UpdateAsync's in this run (target ≥ 2×) — {(add.LostUpdates == 0 && add.Conflicts == 0 && ratio >= 2 ? "met" : "missed")}."));
        }

        foreach (var r in results.Where(r => Backend.Protected(r.Backend) && r.LostUpdates != 0))
        {
            md.AppendLine(Invariant($"- **{r.Backend} lost {r.LostUpdates} updates** ({r.Carts}, {r.Processes} processes): a protected backend must lose none."));
        }
    }

    private static RunResult? Find(IReadOnlyList<RunResult> results, string backend, bool hot, int processes) =>
        results.FirstOrDefault(r => r.Backend == backend && r.HotCart == hot && r.Processes == processes);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
