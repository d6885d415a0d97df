using System.Diagnostics;
using System.Globalization;
using Cart.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Cart.LockingHarness;

/// <summary>One measured configuration: N worker processes, locking on or off, one hot cart or one cart each.</summary>
internal sealed record HarnessRun(double OpsPerSecond, IReadOnlyList<double> Latencies, int Expected, int Stored)
{
    public static async Task<HarnessRun> ExecuteAsync(HarnessOptions options, int processes, bool locking, bool hot)
    {
        var run = options with { Prefix = "bench" + Guid.NewGuid().ToString("N")[..8], Locking = locking };
        var identifiers = Enumerable.Range(0, processes).Select(p => hot ? "hot" : "cart" + p).ToArray();
        var workers = identifiers.Select(id => Start(run.WorkerArguments(id))).ToList();
        try
        {
            foreach (var worker in workers)
            {
                await ExpectAsync(worker, "ready");
            }

            foreach (var worker in workers)
            {
                await worker.StandardInput.WriteLineAsync("go");
                await worker.StandardInput.FlushAsync();
            }

            var elapsed = 0.0;
            var latencies = new List<double>();
            foreach (var worker in workers)
            {
                elapsed = Math.Max(elapsed, double.Parse((await ExpectAsync(worker, "elapsed "))["elapsed ".Length..], CultureInfo.InvariantCulture));
                latencies.AddRange((await ExpectAsync(worker, "latencies "))["latencies ".Length..].Split(',').Select(l => double.Parse(l, CultureInfo.InvariantCulture)));
                await worker.WaitForExitAsync();
            }

            latencies.Sort();
            var stored = 0;
            var storage = Storage(run);
            foreach (var id in identifiers.Distinct())
            {
                stored += (await storage.GetItemsAsync(id, "default")).Sum(i => i.Quantity);
            }

            return new HarnessRun(latencies.Count / (elapsed / 1000), latencies, processes * options.Ops, stored);
        }
        finally
        {
            foreach (var worker in workers)
            {
                if (!worker.HasExited)
                {
                    worker.Kill();
                }

                worker.Dispose();
            }
        }
    }

    private static Process Start(string[] arguments)
    {
        var info = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        if (!Environment.ProcessPath!.EndsWith("Cart.LockingHarness", StringComparison.Ordinal))
        {
            info.ArgumentList.Add(typeof(HarnessRun).Assembly.Location); // started as "dotnet Cart.LockingHarness.dll"
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return Process.Start(info)!;
    }

    private static async Task<string> ExpectAsync(Process worker, string prefix)
    {
        var line = await worker.StandardOutput.ReadLineAsync();
        return line is not null && line.StartsWith(prefix, StringComparison.Ordinal)
            ? line
            : throw new InvalidOperationException($"worker {worker.Id} said '{line}' instead of '{prefix}...'");
    }

    private static ICartStorage Storage(HarnessOptions options)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddStackExchangeRedisCache(o => o.Configuration = options.Redis);
        services.AddCartStorage(o => o.KeyPrefix = options.Prefix);
        return services.BuildServiceProvider().GetRequiredService<ICartStorage>();
    }
}
