#!/usr/bin/env bash
# Runs every test against real servers, as CI does:
#   installs redis-server if missing (apt-get), starts it and a throwaway PostgreSQL 15 cluster on free
#   loopback ports, runs `dotnet test Cart.sln`, stops both, prints "N passed, N failed" and exits non-zero
#   on any failure. Usage: bash scripts/test.sh [extra dotnet test arguments]
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d /tmp/cart-tests.XXXXXX)
chmod 755 "$work"
redis_pid=""
pg_data=""

log() { printf '[test.sh] %s\n' "$*" >&2; }

cleanup() {
  set +e
  if [ -n "$redis_pid" ]; then kill "$redis_pid" 2>/dev/null; wait "$redis_pid" 2>/dev/null; fi
  if [ -n "$pg_data" ] && [ -f "$pg_data/postmaster.pid" ]; then
    runuser -u postgres -- pg_ctl -D "$pg_data" -m immediate -w stop >/dev/null 2>&1
  fi
  rm -rf "$work"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

wait_for() { # wait_for <seconds> <command...>
  local deadline=$((SECONDS + $1)); shift
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || return 1
    sleep 0.2
  done
}

# --- Redis -------------------------------------------------------------------------------------
if ! command -v redis-server >/dev/null 2>&1; then
  log "redis-server not found: installing it with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq redis-server >/dev/null
fi
# The Debian package starts a system instance on 6379 where systemd runs; ours is separate.
redis_port=$(free_port)
mkdir -p "$work/redis"
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$work/redis" \
  --logfile "$work/redis/redis.log" &
redis_pid=$!
wait_for 20 redis-cli -p "$redis_port" ping || { log "redis-server did not start"; cat "$work/redis/redis.log" >&2; exit 1; }
export CART_TEST_REDIS="127.0.0.1:$redis_port"
log "redis-server on $CART_TEST_REDIS"

# --- PostgreSQL --------------------------------------------------------------------------------
pg_port=$(free_port)
pg_data="$work/pg"
mkdir -p "$pg_data" "$work/pgsock" "$work/pglog"   # pg_ctl writes its log as postgres: not into root's $work
chown postgres:postgres "$pg_data" "$work/pgsock" "$work/pglog"
runuser -u postgres -- initdb -D "$pg_data" -U postgres --auth=trust -E UTF8 >"$work/initdb.log" 2>&1 \
  || { cat "$work/initdb.log" >&2; exit 1; }
runuser -u postgres -- pg_ctl -D "$pg_data" -l "$work/pglog/pg.log" -w -t 60 \
  -o "-p $pg_port -k $work/pgsock -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null \
  || { cat "$work/pglog/pg.log" >&2; exit 1; }
export CART_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres;Pooling=true"
log "postgres on 127.0.0.1:$pg_port"

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
