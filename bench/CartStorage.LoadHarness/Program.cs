// CartStorage.LoadHarness: N separate worker processes (tests/CartStorage.Worker "bench") against one backend.
//
//   bash scripts/bench.sh load [--backends redis,redis-lock,redis-store,sqlite,postgres,postgres-forupdate,sqlite-delta,postgres-delta,redis-store-delta] [--processes 1,2,5]
//                              [--carts hot,distinct] [--ops 500 | --duration SECONDS] [--out DIR]
//   (or, with servers of your own: dotnet bench/CartStorage.LoadHarness/bin/Release/net10.0/CartStorage.LoadHarness.dll
//    --redis HOST:PORT --postgres "NPGSQL CONNECTION STRING" ...; defaults CART_BENCH_REDIS, CART_BENCH_POSTGRES)
//
// For each cart mode (one hot cart shared by every process, or one cart per process), each process count and each
// backend, in that order so the backends of one configuration run back to back, it starts that many workers; each warms
// up, says "ready", and all start together: --ops increments of one item's quantity each, or increments for --duration.
// Each increment is an UpdateAsync; on a "-delta" backend (sqlite-delta, postgres-delta, redis-store-delta) an AddItemAsync of one unit.
// It reports throughput, p50 / p99 / mean latency (HdrHistogram), conflicts retried and failed, lock timeouts and lost
// updates (acknowledged minus stored), and writes DIR/load.md, DIR/load.csv and DIR/latency.svg.
using CartStorage.LoadHarness;
using Spectre.Console;

HarnessOptions options;
try
{
    options = HarnessOptions.Parse(args);
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync(e.Message);
    return 2;
}

Directory.CreateDirectory(options.Output);
var scratch = Directory.CreateTempSubdirectory("cart-load-");
var results = new List<RunResult>();
try
{
    await AnsiConsole.Progress()
        .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
        .StartAsync(async context =>
        {
            foreach (var hot in options.HotCart)
            {
                foreach (var processes in options.Processes)
                {
                    foreach (var backend in options.Backends)
                    {
                        var task = context.AddTask($"{backend,-18} {(hot ? "hot" : "distinct"),-8} ×{processes}", maxValue: options.Duration is null ? processes * options.Ops : 1);
                        var result = await HarnessRun.ExecuteAsync(options, backend, hot, processes, scratch.FullName, done => task.Value = options.Duration is null ? done : 0);
                        task.Value = task.MaxValue;
                        task.Description += $"  {result.OpsPerSecond:F0} ops/s, p50 {result.P50Ms:F2} ms, lost {result.LostUpdates}";
                        results.Add(result);
                    }
                }
            }
        });
}
finally
{
    scratch.Delete(recursive: true);
}

var command = "bash scripts/bench.sh load " + string.Join(' ', args.Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"'{a}'" : a));
var markdown = Reports.Markdown(options, results, command);
await File.WriteAllTextAsync(Path.Combine(options.Output, "load.md"), markdown);
await File.WriteAllTextAsync(Path.Combine(options.Output, "load.csv"), Reports.Csv(results));
LatencyChart.Save(results, Path.Combine(options.Output, "latency.svg"));
Console.WriteLine(markdown);
return 0;
