#!/usr/bin/env bash
# Throwaway servers on free loopback ports, shared by scripts/test.sh and scripts/bench.sh. Source it, then:
#   servers_init NAME  makes a fresh world-readable $work (/tmp/NAME.XXXXXX); on exit the servers are stopped
#                      and $work removed
#   start_servers      installs redis-server if missing (apt-get), starts it, a 3-primary Redis Cluster and a
#                      PostgreSQL 15 cluster under $work, exports CART_TEST_REDIS, CART_TEST_REDIS_CLUSTER and
#                      CART_TEST_POSTGRES
#   stop_servers       stops both (safe to call twice, and when nothing was started)
# Messages go through the caller's log function.

redis_pid=""
cluster_pids=()
pg_data=""

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

free_cluster_port() { # a free port P <= 55535 whose cluster bus port P + 10000 is free too
  python3 -c '
import random, socket
while True:
    p = random.randint(20000, 55535)
    try:
        for port in (p, p + 10000):
            s = socket.socket(); s.bind(("127.0.0.1", port)); s.close()
    except OSError:
        continue
    print(p); break'
}

wait_for() { # wait_for <seconds> <command...>
  local deadline=$((SECONDS + $1)); shift
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || return 1
    sleep 0.2
  done
}

servers_init() {
  work=$(mktemp -d "/tmp/$1.XXXXXX")
  chmod 755 "$work"
  trap servers_cleanup EXIT
}

servers_cleanup() {
  set +e
  stop_servers
  rm -rf "$work"
}

stop_servers() {
  if [ -n "$redis_pid" ]; then kill "$redis_pid" 2>/dev/null; wait "$redis_pid" 2>/dev/null; redis_pid=""; fi
  local pid
  for pid in "${cluster_pids[@]}"; do kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; done
  cluster_pids=()
  if [ -n "$pg_data" ] && [ -f "$pg_data/postmaster.pid" ]; then
    runuser -u postgres -- pg_ctl -D "$pg_data" -m immediate -w stop >/dev/null 2>&1
  fi
  pg_data=""
}

start_servers() {
  # --- Redis -----------------------------------------------------------------------------------
  if ! command -v redis-server >/dev/null 2>&1; then
    log "redis-server not found: installing it with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq redis-server >/dev/null
  fi
  # The Debian package starts a system instance on 6379 where systemd runs; ours is separate.
  local redis_port
  redis_port=$(free_port)
  mkdir -p "$work/redis"
  redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$work/redis" \
    --logfile "$work/redis/redis.log" &
  redis_pid=$!
  wait_for 20 redis-cli -p "$redis_port" ping || { log "redis-server did not start"; cat "$work/redis/redis.log" >&2; exit 1; }
  export CART_TEST_REDIS="127.0.0.1:$redis_port"
  log "redis-server on $CART_TEST_REDIS"
  start_redis_cluster

  # --- PostgreSQL ------------------------------------------------------------------------------
  local pg_port
  pg_port=$(free_port)
  pg_data="$work/pg"
  mkdir -p "$pg_data" "$work/pgsock" "$work/pglog"
  chown postgres:postgres "$pg_data" "$work/pgsock" "$work/pglog"
  runuser -u postgres -- initdb -D "$pg_data" -U postgres --auth=trust -E UTF8 >"$work/initdb.log" 2>&1 \
    || { cat "$work/initdb.log" >&2; exit 1; }
  runuser -u postgres -- pg_ctl -D "$pg_data" -l "$work/pglog/pg.log" -w -t 60 \
    -o "-p $pg_port -k $work/pgsock -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null \
    || { cat "$work/pglog/pg.log" >&2; exit 1; }
  export CART_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres;Pooling=true"
  log "postgres on 127.0.0.1:$pg_port"
}

start_redis_cluster() {
  # Three primaries, no replicas, on free loopback ports; RedisStorage's contract suite and proofs run on it.
  local port ports=() endpoints=()
  mkdir -p "$work/cluster"
  for _ in 1 2 3; do
    port=$(free_cluster_port)
    redis-server --port "$port" --cluster-enabled yes --cluster-config-file "$work/cluster/nodes-$port.conf" \
      --bind 127.0.0.1 --save '' --appendonly no --dir "$work/cluster" --logfile "$work/cluster/redis-$port.log" &
    cluster_pids+=($!)
    ports+=("$port")
    endpoints+=("127.0.0.1:$port")
  done
  for port in "${ports[@]}"; do
    wait_for 20 redis-cli -p "$port" ping || { log "cluster node $port did not start"; cat "$work/cluster/redis-$port.log" >&2; exit 1; }
  done
  redis-cli --cluster create "${endpoints[@]}" --cluster-replicas 0 --cluster-yes >"$work/cluster/create.log" 2>&1 \
    || { cat "$work/cluster/create.log" >&2; exit 1; }
  cluster_ok() { redis-cli -p "${ports[0]}" cluster info | grep -q 'cluster_state:ok'; }
  wait_for 30 cluster_ok || { log "the Redis Cluster did not reach cluster_state:ok"; exit 1; }
  CART_TEST_REDIS_CLUSTER=$(IFS=,; echo "${endpoints[*]}")
  export CART_TEST_REDIS_CLUSTER
  log "redis cluster on $CART_TEST_REDIS_CLUSTER"
}
