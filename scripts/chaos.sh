#!/usr/bin/env bash
# The long run of the history checker (docs/reliability.md, "The history checker"):
#   starts the throwaway servers of scripts/test.sh, runs the chaos tests of tests/CartStorage.Reliability.Tests with
#   CART_CHAOS_HISTORIES histories per backend (SQLite, PostgreSQL, RedisStorage on one server and on the cluster, the
#   Redis cache with RedLock; the backends run side by side, up to 8 test classes at once), stops the servers and prints per backend: histories,
#   operations, faults injected by kind, violating histories (each with its seed and history excerpt).
# Usage: bash scripts/chaos.sh [histories per backend, default 10000] [extra dotnet test arguments]
#   CART_CHAOS_SEED=<n>    first seed (history i uses n + i); random by default, printed in the summary
#   CART_CHAOS_FAULTS=<p>  chance that a store call fails, default 0.08
#   CART_CHAOS_MINUTES=<m> time budget per backend: a backend stops after the history that passes it (the summary
#                          says how many histories ran)
#   CART_CHAOS_FILTER=...  another dotnet test filter (default: the five backends' ChaosTests)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/servers.sh
source "$root/scripts/servers.sh"
log() { printf '[chaos.sh] %s\n' "$*" >&2; }
servers_init cart-chaos

histories=${1:-10000}
[ $# -gt 0 ] && shift
export CART_CHAOS_HISTORIES=$histories
export CART_CHAOS_REPORT="$work/chaos-report.txt"
: > "$CART_CHAOS_REPORT"
chmod 666 "$CART_CHAOS_REPORT"

start_servers

cd "$root"
log "$histories histories per backend"
started=$SECONDS
status=0
dotnet test tests/CartStorage.Reliability.Tests --filter "${CART_CHAOS_FILTER:-FullyQualifiedName~ChaosTests.Histories}" \
  --logger "console;verbosity=minimal" "$@" -- xUnit.MaxParallelThreads=8 || status=$?

echo "--- history checker: $histories histories per backend, $((SECONDS - started)) s wall time ---"
cat "$CART_CHAOS_REPORT"
[ "$status" -eq 0 ]
