using System.Globalization;

namespace Cart.LockingHarness;

/// <summary>Command line of the harness and of its worker processes.</summary>
internal sealed record HarnessOptions(string Mode, string Redis, int Ops, int[] Processes, string Prefix, string Identifier, bool Locking)
{
    public static HarnessOptions Parse(string[] args)
    {
        var mode = args.FirstOrDefault() == "worker" ? "worker" : "run";
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = mode == "worker" ? 1 : 0; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }

        return new HarnessOptions(
            mode,
            values.GetValueOrDefault("redis", "127.0.0.1:6379"),
            int.Parse(values.GetValueOrDefault("ops", "200"), CultureInfo.InvariantCulture),
            [.. values.GetValueOrDefault("processes", "1,2,5").Split(',').Select(p => int.Parse(p, CultureInfo.InvariantCulture))],
            values.GetValueOrDefault("prefix", "bench"),
            values.GetValueOrDefault("identifier", "hot"),
            bool.Parse(values.GetValueOrDefault("locking", "false")));
    }

    public string[] WorkerArguments(string identifier) =>
    [
        "worker", "--redis", Redis, "--ops", Ops.ToString(CultureInfo.InvariantCulture), "--prefix", Prefix,
        "--identifier", identifier, "--locking", Locking.ToString(CultureInfo.InvariantCulture),
    ];
}
