// CartStorage.Benchmarks: BenchmarkDotNet micro-benchmarks, each with a raw baseline measured in the same run.
//
//   bash scripts/bench.sh micro [--filter '*Cache*']      (starts Redis and PostgreSQL, then runs this)
//   bash scripts/bench.sh memory                          (this with "memory": bytes per stored cart, Sizing/MemoryReport.cs)
//   bash scripts/bench.sh throughput [--seconds 20]       (this with "throughput": operations per server CPU-second, Sizing/ThroughputReport.cs)
//
// Endpoints: CART_BENCH_REDIS (host:port) and CART_BENCH_POSTGRES (Npgsql connection string). The job is short
// (BenchJob) so that a suite takes minutes on a shared 2-core machine; ratios to the baseline matter, not absolute times.
using BenchmarkDotNet.Running;
using CartStorage.Benchmarks.Sizing;

return args switch
{
    ["memory"] => await MemoryReport.RunAsync(),
    ["throughput", .. var options] => await ThroughputReport.RunAsync(options),
    _ => RunBenchmarks(args),
};

static int RunBenchmarks(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(CartStorage.Benchmarks.BenchConfig).Assembly).Run(args, new CartStorage.Benchmarks.BenchConfig());
    return 0;
}
