using System.Diagnostics;
using System.Globalization;

namespace CartStorage.Benchmarks.Sizing;

/// <summary>
/// A closed loop: <c>concurrency</c> tasks in this process, each running one operation after another on a random cart
/// of <c>carts</c> for a fixed time. Returns what was done and the client's own CPU time.
/// </summary>
internal static class LoadLoop
{
    public static async Task<LoadResult> RunAsync(Func<string, Task> operation, int carts, int concurrency, TimeSpan duration)
    {
        long ops = 0;
        var client = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (clock.Elapsed < duration)
            {
                await operation(Identifier(Random.Shared.Next(carts)));
                Interlocked.Increment(ref ops);
            }
        })));
        var wall = clock.Elapsed.TotalSeconds;
        return new LoadResult(ops, wall, (Process.GetCurrentProcess().TotalProcessorTime - client).TotalSeconds);
    }

    /// <summary>The identifier of cart number <paramref name="i"/> of a loaded population.</summary>
    public static string Identifier(int i) => "t" + i.ToString(CultureInfo.InvariantCulture);

    /// <summary>Writes the population: <paramref name="carts"/> carts of <paramref name="items"/> items.</summary>
    public static Task PopulateAsync(ICartStorage storage, int carts, int items)
    {
        var cart = Carts.Snapshot(items);
        return Parallel.ForEachAsync(Enumerable.Range(0, carts), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
            await storage.PutBothAsync(Identifier(i), Carts.Instance, cart.Items, cart.Conditions, ct));
    }
}

/// <summary>What a loop did: operations, wall seconds, and this process's CPU seconds.</summary>
internal sealed record LoadResult(long Ops, double WallSeconds, double ClientCpuSeconds)
{
    public double OpsPerSecond => Ops / WallSeconds;

    public string ClientCpuMsPerOp => MarkdownTable.Num(ClientCpuSeconds * 1000 / Ops, 3);
}

/// <summary>
/// The <c>throughput</c> mode's settings: <c>--seconds</c>, <c>--concurrency</c>, <c>--carts</c>, <c>--items</c>, and
/// <c>--partitions</c> (PostgreSQL: a table hash-partitioned on identifier, <see cref="PartitionedCartTable"/>; 0 = the library's table).
/// </summary>
internal sealed record LoadSettings(TimeSpan Duration, int Concurrency, int Carts, int Items, int Partitions)
{
    public static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(3);

    public static LoadSettings Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, int>(StringComparer.Ordinal) { ["seconds"] = 20, ["concurrency"] = 16, ["carts"] = 1000, ["items"] = 10, ["partitions"] = 0 };
        for (var i = 0; i + 1 < args.Count; i += 2)
        {
            var name = args[i].TrimStart('-');
            if (!values.ContainsKey(name) || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
            {
                throw new ArgumentException($"throughput: expected --seconds, --concurrency, --carts, --items or --partitions with a positive integer, got '{args[i]} {args[i + 1]}'.");
            }

            values[name] = value;
        }

        return new LoadSettings(TimeSpan.FromSeconds(values["seconds"]), values["concurrency"], values["carts"], values["items"], values["partitions"]);
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Duration.TotalSeconds:F0} s per operation after {WarmUp.TotalSeconds:F0} s of warm-up, {Concurrency} concurrent callers in one process, {Carts} carts of {Items} items, a random cart per call{(Partitions > 0 ? $"; PostgreSQL table hash-partitioned on identifier into {Partitions}" : string.Empty)}");
}
