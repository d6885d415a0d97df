using System.Globalization;
using CartStorage;
using CartStorage.Reliability.Tests.Chaos;

/// <summary>The "chaos" command: one client of the history checker's multi-process variant, journaling every call.</summary>
internal static class WorkerChaos
{
    public static async Task RunAsync(ICartStorage storage, IReadOnlyDictionary<string, string> options)
    {
        var seed = long.Parse(options["seed"], CultureInfo.InvariantCulture);
        var client = int.Parse(options["client"], CultureInfo.InvariantCulture);
        var operations = int.Parse(options["operations"], CultureInfo.InvariantCulture);
        var workload = new ChaosWorkload(seed, options["scope"], operations);
        using var journal = new ChaosJournal(options["journal"]);
        Console.WriteLine("ready");
        while (!File.Exists(options["start-file"]))
        {
            await Task.Delay(5);
        }

        // No injected faults: the fault of this variant is the process being killed.
        await new ChaosClient(storage, new ChaosHistory(), new ChaosFaults(0, 0), workload.ClientSeed(client, 2), journal).RunAsync(workload.Plans[client]);
    }
}
