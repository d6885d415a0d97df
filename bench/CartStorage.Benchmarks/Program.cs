// CartStorage.Benchmarks: BenchmarkDotNet micro-benchmarks, each with a raw baseline measured in the same run.
//
//   bash scripts/bench.sh micro [--filter '*Cache*']      (starts Redis and PostgreSQL, then runs this)
//
// Endpoints: CART_BENCH_REDIS (host:port) and CART_BENCH_POSTGRES (Npgsql connection string). The job is short
// (BenchJob) so that a suite takes minutes on a shared 2-core machine; ratios to the baseline matter, not absolute times.
using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(CartStorage.Benchmarks.BenchConfig).Assembly).Run(args, new CartStorage.Benchmarks.BenchConfig());
