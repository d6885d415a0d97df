using System.Globalization;

namespace CartStorage.LoadHarness;

/// <summary>The harness's command line.</summary>
internal sealed record HarnessOptions(
    IReadOnlyList<string> Backends,
    IReadOnlyList<int> Processes,
    IReadOnlyList<bool> HotCart,
    int Ops,
    TimeSpan? Duration,
    string Redis,
    string Postgres,
    string Output)
{
    public static HarnessOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"Expected '--name value' pairs; '{args[i]}' is not one.");
            }

            values[args[i][2..]] = args[i + 1];
        }

        var backends = List(values, "backends", string.Join(",", Backend.Names));
        if (backends.FirstOrDefault(b => !Backend.Names.Contains(b)) is { } unknown)
        {
            throw new ArgumentException($"--backends: unknown backend '{unknown}' (known: {string.Join(", ", Backend.Names)}).");
        }

        var carts = List(values, "carts", "hot,distinct");
        if (carts.FirstOrDefault(c => c is not ("hot" or "distinct")) is { } badCarts)
        {
            throw new ArgumentException($"--carts: '{badCarts}' is neither 'hot' nor 'distinct'.");
        }

        return new HarnessOptions(
            backends,
            [.. List(values, "processes", "1,2,5").Select(p => Positive("processes", p))],
            [.. carts.Select(c => c == "hot")],
            Positive("ops", values.GetValueOrDefault("ops", "500")),
            values.TryGetValue("duration", out var seconds) ? TimeSpan.FromSeconds(Positive("duration", seconds)) : null,
            values.GetValueOrDefault("redis") ?? Environment.GetEnvironmentVariable("CART_BENCH_REDIS") ?? "127.0.0.1:6379",
            values.GetValueOrDefault("postgres") ?? Environment.GetEnvironmentVariable("CART_BENCH_POSTGRES") ?? "Host=127.0.0.1;Username=postgres;Database=postgres",
            values.GetValueOrDefault("out", "artifacts/load"));
    }

    /// <summary>What each worker does, for the reports: "500 ops per process" or "10 s".</summary>
    public string Workload => Duration is { } d ? $"{d.TotalSeconds:F0} s per process" : $"{Ops} updates per process";

    private static string[] List(Dictionary<string, string> values, string name, string fallback) =>
        values.GetValueOrDefault(name, fallback).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static int Positive(string name, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new ArgumentException($"--{name}: '{text}' is not a positive integer.");
}
