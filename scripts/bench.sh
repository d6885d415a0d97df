#!/usr/bin/env bash
# Runs the benchmarks against throwaway servers (the same ones scripts/test.sh starts, see scripts/servers.sh).
# Not part of the test run.
#   bash scripts/bench.sh micro [BenchmarkDotNet arguments]   bench/CartStorage.Benchmarks (default: --filter '*')
#   bash scripts/bench.sh load  [harness arguments]           bench/CartStorage.LoadHarness (see its Program.cs)
#   bash scripts/bench.sh memory                              bytes per stored cart, Redis and PostgreSQL (bench/CartStorage.Benchmarks/Sizing)
#   bash scripts/bench.sh throughput [--seconds 20] [--concurrency 16] [--carts 1000] [--items 10]
#                                                             operations per server CPU-second, Redis and PostgreSQL (same folder)
# The endpoints reach the benchmarks as CART_BENCH_REDIS (host:port) and CART_BENCH_POSTGRES (Npgsql connection string).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
suite=${1:-}
case "$suite" in
  micro|load|memory|throughput) shift ;;
  *) echo "usage: bash scripts/bench.sh micro|load|memory|throughput [arguments]" >&2; exit 2 ;;
esac

# shellcheck source=scripts/servers.sh
source "$root/scripts/servers.sh"
log() { printf '[bench.sh] %s\n' "$*" >&2; }
servers_init cart-bench

cd "$root"
if [ "$suite" != load ]; then
  dotnet build -c Release bench/CartStorage.Benchmarks -v q -nologo
else
  dotnet build -c Release bench/CartStorage.LoadHarness -v q -nologo
fi

start_servers
export CART_BENCH_REDIS="$CART_TEST_REDIS" CART_BENCH_POSTGRES="$CART_TEST_POSTGRES"

if [ "$suite" = micro ]; then
  [ $# -gt 0 ] || set -- --filter '*'
  dotnet bench/CartStorage.Benchmarks/bin/Release/net10.0/CartStorage.Benchmarks.dll "$@"
elif [ "$suite" = memory ] || [ "$suite" = throughput ]; then
  dotnet bench/CartStorage.Benchmarks/bin/Release/net10.0/CartStorage.Benchmarks.dll "$suite" "$@"
else
  dotnet bench/CartStorage.LoadHarness/bin/Release/net10.0/CartStorage.LoadHarness.dll "$@"
fi
