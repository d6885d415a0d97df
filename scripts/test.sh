#!/usr/bin/env bash
# Runs every test against real servers, as CI does:
#   installs redis-server if missing (apt-get), starts it, a 3-primary Redis Cluster and a throwaway PostgreSQL 15
#   cluster on free loopback ports, runs `dotnet test Cart.sln`, stops them, prints "N passed, N failed" and exits non-zero
#   on any failure. Usage: bash scripts/test.sh [extra dotnet test arguments]
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/servers.sh
source "$root/scripts/servers.sh"
log() { printf '[test.sh] %s\n' "$*" >&2; }
servers_init cart-tests

start_servers

# --- Tests -------------------------------------------------------------------------------------
cd "$root"
results="$work/results"
status=0
dotnet test Cart.sln --logger "trx" --results-directory "$results" "$@" || status=$?

read -r passed failed < <(python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
passed = failed = 0
for path in glob.glob(sys.argv[1] + "/*.trx"):
    counters = ET.parse(path).getroot().find(".//{*}Counters")
    if counters is not None:
        passed += int(counters.get("passed", 0))
        failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0)) + int(counters.get("aborted", 0))
print(passed, failed)
PY
)
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi   # build failure or crashed test host
if [ "$passed" -eq 0 ]; then status=1; log "no test ran"; fi
echo "$passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
