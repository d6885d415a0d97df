using System.Diagnostics;

namespace CartStorage.Reliability.Tests.Chaos;

/// <summary>What a run of histories on one backend found.</summary>
internal sealed record ChaosSummary(string Backend, long FirstSeed, int Histories, int Operations, int Attempts, int FaultsBefore, int FaultsAfter, int Ok, int Failed, int Indeterminate, int StrictItems, IReadOnlyList<string> Violations, TimeSpan Elapsed)
{
    public override string ToString() =>
        $"{Backend}: seeds {FirstSeed}..{FirstSeed + Histories - 1}, {Histories} histories, {Operations} operations ({Attempts} attempts: {Ok} ok, {Failed} failed, {Indeterminate} indeterminate), "
        + $"faults injected {FaultsBefore + FaultsAfter} ({FaultsBefore} before, {FaultsAfter} after), {StrictItems} acknowledged items nothing could remove, {Violations.Count} violating histories, {Elapsed.TotalSeconds:F1} s";
}

/// <summary>
/// Runs seeded histories (<see cref="ChaosWorkload"/>, <see cref="ChaosClient"/>) against a storage and checks each
/// (<see cref="ChaosChecker"/>) after a quiescent read of every cart. History <c>i</c> of a run uses seed
/// <c>first + i</c>, so any history replays alone with <c>CART_CHAOS_SEED=&lt;its seed&gt; CART_CHAOS_HISTORIES=1</c>.
/// </summary>
internal static class ChaosRun
{
    /// <summary>The chance that a store call of a client fails (half before, half after): env <c>CART_CHAOS_FAULTS</c>, default 0.08.</summary>
    public static double FaultProbability => double.TryParse(Environment.GetEnvironmentVariable("CART_CHAOS_FAULTS"), System.Globalization.CultureInfo.InvariantCulture, out var p) ? p : 0.08;

    /// <summary>Histories per backend: env <c>CART_CHAOS_HISTORIES</c>, else <paramref name="fallback"/>.</summary>
    public static int Histories(int fallback) => int.TryParse(Environment.GetEnvironmentVariable("CART_CHAOS_HISTORIES"), out var n) && n > 0 ? n : fallback;

    /// <summary>A time budget per backend: env <c>CART_CHAOS_MINUTES</c>; the run stops after the history that passes it (and reports how many ran).</summary>
    public static TimeSpan Budget => double.TryParse(Environment.GetEnvironmentVariable("CART_CHAOS_MINUTES"), System.Globalization.CultureInfo.InvariantCulture, out var m) && m > 0
        ? TimeSpan.FromMinutes(m)
        : TimeSpan.MaxValue;

    /// <summary>The first seed: env <c>CART_CHAOS_SEED</c>, else a random one (printed with every result, so it replays).</summary>
    public static long FirstSeed() => long.TryParse(Environment.GetEnvironmentVariable("CART_CHAOS_SEED"), out var seed) ? seed : Random.Shared.NextInt64(1, 1L << 40);

    public static async Task<ChaosSummary> RunAsync(ICartStorage storage, string backend, long firstSeed, int histories, int stopAfterViolations = int.MaxValue)
    {
        var clock = Stopwatch.StartNew();
        var nonce = Guid.NewGuid().ToString("N")[..6];
        var violations = new List<string>();
        int operations = 0, attempts = 0, strict = 0, before = 0, after = 0, ok = 0, failed = 0, indeterminate = 0, run = 0;
        for (; run < histories && violations.Count < stopAfterViolations && clock.Elapsed < Budget; run++)
        {
            var seed = firstSeed + run;
            var workload = new ChaosWorkload(seed, $"{seed:x}{nonce}");
            var history = new ChaosHistory();
            var faults = Enumerable.Range(0, ChaosWorkload.Clients).Select(c => new ChaosFaults(workload.ClientSeed(c, 1), FaultProbability)).ToArray();
            await Task.WhenAll(Enumerable.Range(0, ChaosWorkload.Clients).Select(c =>
                Task.Run(() => new ChaosClient(storage, history, faults[c], workload.ClientSeed(c, 2)).RunAsync(workload.Plans[c]))));
            var finals = await FinalReadAsync(storage, workload);
            var recorded = history.Attempts;
            var (found, strictItems) = ChaosChecker.Check(recorded, finals);
            strict += strictItems;
            if (found.Count > 0)
            {
                violations.Add($"VIOLATION on {backend}, history seed {seed} (replay: CART_CHAOS_SEED={seed} CART_CHAOS_HISTORIES=1):{Environment.NewLine}{string.Join(Environment.NewLine, found)}");
            }

            operations += recorded.Select(a => (a.Op.Client, a.Op.Number)).Distinct().Count();
            attempts += recorded.Count;
            ok += recorded.Count(a => a.Outcome == ChaosOutcome.Ok);
            failed += recorded.Count(a => a.Outcome == ChaosOutcome.Failed);
            indeterminate += recorded.Count(a => a.Outcome == ChaosOutcome.Indeterminate);
            before += faults.Sum(f => f.InjectedBefore);
            after += faults.Sum(f => f.InjectedAfter);
            foreach (var identifier in workload.Identifiers)
            {
                await storage.ForgetIdentifierAsync(identifier);
            }
        }

        var summary = new ChaosSummary(backend, firstSeed, run, operations, attempts, before, after, ok, failed, indeterminate, strict, violations, clock.Elapsed);
        if (Environment.GetEnvironmentVariable("CART_CHAOS_REPORT") is { Length: > 0 } report)
        {
            await File.AppendAllTextAsync(report, summary + Environment.NewLine + string.Concat(violations.Select(v => v + Environment.NewLine)));
        }

        return summary;
    }

    /// <summary>
    /// Every cart of the workload, read without faults until two passes agree: a read may finish a move left half-done,
    /// which changes another cart already read.
    /// </summary>
    public static async Task<IReadOnlyDictionary<ChaosCart, IReadOnlyList<ChaosItem>>> FinalReadAsync(ICartStorage storage, ChaosWorkload workload)
    {
        Dictionary<ChaosCart, IReadOnlyList<ChaosItem>>? previous = null;
        for (var pass = 0; ; pass++)
        {
            var current = new Dictionary<ChaosCart, IReadOnlyList<ChaosItem>>();
            foreach (var cart in workload.Carts)
            {
                var snapshot = await storage.GetAsync(cart.Identifier, cart.Instance);
                current[cart] = snapshot is null ? [] : [.. snapshot.Items.Select(i => new ChaosItem(i.Id, i.Quantity))];
            }

            if (previous is not null && (pass == 3 || current.All(c => c.Value.SequenceEqual(previous[c.Key]))))
            {
                return current;
            }

            previous = current;
        }
    }
}
