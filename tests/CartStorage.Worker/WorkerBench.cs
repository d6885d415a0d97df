using System.Diagnostics;
using System.Globalization;
using CartStorage;

/// <summary>
/// The "bench" command: timed increments for bench/CartStorage.LoadHarness, going on after conflicts and lock timeouts.
/// Each increment is an <c>UpdateAsync</c>, or with <c>WORKER_BENCH_WRITE=add</c> an <c>AddItemAsync</c> of one more of
/// the item (a delta: RedisStorage applies it in one script, without reading the cart first).
/// </summary>
internal static class WorkerBench
{
    public static async Task RunAsync(ICartStorage storage, string identifier, string instance, string item, int count, IReadOnlyDictionary<string, string> options)
    {
        var duration = options.TryGetValue("duration-ms", out var ms) ? TimeSpan.FromMilliseconds(int.Parse(ms, CultureInfo.InvariantCulture)) : (TimeSpan?)null;
        var startFile = options.GetValueOrDefault("start-file");
        var delta = Environment.GetEnvironmentVariable("WORKER_BENCH_WRITE") == "add";
        var added = new CartItem { Id = item, Name = item, Price = 1m };

        // Connections and JIT warmed on a cart of its own, so the measured operations start hot.
        await storage.UpdateAsync($"{identifier}-warmup-{Environment.ProcessId}", instance, c => WorkerCart.Increment(c, item));
        Console.WriteLine("ready");
        while (startFile is not null && !File.Exists(startFile))
        {
            await Task.Delay(5);
        }

        var total = Stopwatch.StartNew();
        for (var i = 1; duration is null ? i <= count : total.Elapsed < duration; i++)
        {
            var calls = 0;
            var started = Stopwatch.GetTimestamp();
            string outcome;
            try
            {
                if (delta)
                {
                    calls = 1;
                    await storage.AddItemAsync(identifier, instance, added);
                }
                else
                {
                    await storage.UpdateAsync(identifier, instance, c =>
                    {
                        calls++;
                        return WorkerCart.Increment(c, item);
                    });
                }
                outcome = "ack";
            }
            catch (CartConflictException)
            {
                outcome = "conflict";
            }
            catch (CartLockTimeoutException)
            {
                outcome = "timeout";
            }

            var latency = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{outcome} {i} {latency:F3} {calls}"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"elapsed {total.Elapsed.TotalMilliseconds:F1}"));
    }
}
