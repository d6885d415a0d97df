using System.Diagnostics;
using System.Globalization;
using Cart.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Cart.LockingHarness;

/// <summary>One worker process: a storage configured as an application would, timing each UpdateAsync.</summary>
internal static class BenchWorker
{
    public static async Task<int> RunAsync(HarnessOptions options)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddStackExchangeRedisCache(o => o.Configuration = options.Redis);
        services.AddCartStorage(o =>
        {
            o.KeyPrefix = options.Prefix;
            o.Cache.UseLocking = options.Locking;
            o.Cache.LockTimeout = TimeSpan.FromMinutes(1);
            o.Redis.Configuration = options.Redis;
        }).AddRedisLocking();
        await using var provider = services.BuildServiceProvider();
        var storage = provider.GetRequiredService<ICartStorage>();

        // Warm-up (connections, JIT) on a cart of its own, then wait until every worker is ready.
        await storage.UpdateAsync("warmup-" + Environment.ProcessId, "default", Increment);
        Console.WriteLine("ready");
        _ = Console.ReadLine();

        var latencies = new double[options.Ops];
        var total = Stopwatch.StartNew();
        for (var i = 0; i < options.Ops; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await storage.UpdateAsync(options.Identifier, "default", Increment);
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"elapsed {total.Elapsed.TotalMilliseconds}"));
        Console.WriteLine("latencies " + string.Join(",", latencies.Select(l => l.ToString("F3", CultureInfo.InvariantCulture))));
        return 0;
    }

    public static CartSnapshot Increment(CartSnapshot cart) =>
        cart.Items.Count == 0
            ? cart with { Items = [new CartItem { Id = "sku", Name = "sku", Price = 1m }] }
            : cart with { Items = [cart.Items[0] with { Quantity = cart.Items[0].Quantity + 1 }] };
}
