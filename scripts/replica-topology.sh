#!/usr/bin/env bash
# A PostgreSQL 15 primary, a hot standby (pg_basebackup with a replication slot,
# synchronous: a commit returns once the standby has the WAL on disk, so a failover loses
# no committed import), pgpool-II in front of both, and two independent clusters (east
# and west, between which the tenant-move test moves an agency), all on loopback ports, from Debian packages only.
#
#   scripts/replica-topology.sh start         # (re)build from initdb; prints the env file's path
#   scripts/replica-topology.sh stop          # stop everything and delete the data directories
#   scripts/replica-topology.sh stop-primary  # the primary fails (immediate shutdown), for the failover test
#   scripts/replica-topology.sh env           # the env file (TEST_PRIMARY_URL, TEST_STANDBY_URL, …)
#
# Idempotent: start first stops and deletes whatever an earlier run left in the same
# directory (CASELOAD_TOPOLOGY_DIR, default /tmp/caseload-topology). Ports (from
# TOPOLOGY_PORT_BASE, default 5440, and TOPOLOGY_POOL_PORT_BASE, default 9440): primary
# 5440, standby 5441, the tenant clusters east 5442 and west 5443, pgpool 9440 (PCP 9441).
set -euo pipefail

DIR="${CASELOAD_TOPOLOGY_DIR:-/tmp/caseload-topology}"
BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
BASE="${TOPOLOGY_PORT_BASE:-5440}"
POOL_BASE="${TOPOLOGY_POOL_PORT_BASE:-9440}"
PRIMARY_PORT=$BASE
STANDBY_PORT=$((BASE + 1))
EAST_PORT=$((BASE + 2))
WEST_PORT=$((BASE + 3))
PGPOOL_PORT=$POOL_BASE
PCP_PORT=$((POOL_BASE + 1))
# TOPOLOGY_TENANTS=0: without the east and west clusters (the failover test's own pair)
TENANTS="${TOPOLOGY_TENANTS:-1}"
ENV_FILE="$DIR/topology.env"

# initdb refuses to run as root: the clusters belong to the postgres OS user.
as_pg() {
  if [ "$(id -u)" = 0 ]; then
    su postgres -s /bin/bash -c "$(printf '%q ' "$@")"
  else
    "$@"
  fi
}

pg_ctl_quiet() { as_pg "$BIN/pg_ctl" "$@" >/dev/null 2>&1 || true; }

stop_all() {
  if [ -f "$DIR/pgpool/pgpool.conf" ] && command -v pgpool >/dev/null 2>&1; then
    pgpool -f "$DIR/pgpool/pgpool.conf" -F "$DIR/pgpool/pcp.conf" -m immediate stop >/dev/null 2>&1 || true
  fi
  for node in standby primary east west; do
    if [ -f "$DIR/$node/PG_VERSION" ]; then pg_ctl_quiet -D "$DIR/$node" -m immediate -w stop; fi
  done
  rm -rf "$DIR"
}

wait_ready() {
  for _ in $(seq 1 100); do
    if "$BIN/pg_isready" -q -h 127.0.0.1 -p "$1"; then return 0; fi
    sleep 0.1
  done
  echo "PostgreSQL on port $1 did not start" >&2
  return 1
}

node_conf() {
  cat >>"$DIR/$1/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $2
unix_socket_directories = '$DIR/sockets'
shared_buffers = 32MB
max_connections = 60
fsync = off
full_page_writes = off
wal_level = logical
max_wal_senders = 10
max_replication_slots = 10
hot_standby = on
hot_standby_feedback = on
logging_collector = off
EOF
}

start_all() {
  local started
  started=$(date +%s%N)
  [ -x "$BIN/initdb" ] || { echo "no PostgreSQL 15 server binaries in $BIN" >&2; exit 1; }
  command -v pgpool >/dev/null 2>&1 || { echo "pgpool is not installed (apt-get install -y pgpool2)" >&2; exit 1; }
  stop_all
  mkdir -p "$DIR/sockets" "$DIR/pgpool"
  chmod 755 "$DIR"
  [ "$(id -u)" = 0 ] && chown -R postgres:postgres "$DIR"

  local nodes=(primary)
  [ "$TENANTS" = 1 ] && nodes+=(east west)
  for node in "${nodes[@]}"; do
    as_pg "$BIN/initdb" -D "$DIR/$node" -U postgres --auth=trust --no-sync -E UTF8 --locale=C.UTF-8 >/dev/null &
  done
  wait
  node_conf primary $PRIMARY_PORT
  echo "synchronous_standby_names = 'standby1'" >>"$DIR/primary/postgresql.conf"
  as_pg "$BIN/pg_ctl" -D "$DIR/primary" -l "$DIR/primary.log" -w start >/dev/null
  if [ "$TENANTS" = 1 ]; then
    node_conf east $EAST_PORT
    node_conf west $WEST_PORT
    as_pg "$BIN/pg_ctl" -D "$DIR/east" -l "$DIR/east.log" -w start >/dev/null &
    as_pg "$BIN/pg_ctl" -D "$DIR/west" -l "$DIR/west.log" -w start >/dev/null &
  fi

  as_pg "$BIN/pg_basebackup" -h 127.0.0.1 -p $PRIMARY_PORT -U postgres -D "$DIR/standby" \
    --checkpoint=fast --wal-method=stream --create-slot --slot=standby1 --write-recovery-conf --no-sync
  # the standby connects as application_name standby1 (what synchronous_standby_names names)
  cat >>"$DIR/standby/postgresql.auto.conf" <<EOF
primary_conninfo = 'host=127.0.0.1 port=$PRIMARY_PORT user=postgres application_name=standby1'
primary_slot_name = 'standby1'
port = $STANDBY_PORT
# promoted, it has no standby of its own to wait for (the copy of the primary's setting would hang every commit)
synchronous_standby_names = ''
EOF
  as_pg "$BIN/pg_ctl" -D "$DIR/standby" -l "$DIR/standby.log" -w start >/dev/null
  wait

  cat >"$DIR/pgpool/pgpool.conf" <<EOF
backend_clustering_mode = 'streaming_replication'
listen_addresses = '127.0.0.1'
port = $PGPOOL_PORT
unix_socket_directories = '$DIR/sockets'
pcp_listen_addresses = ''
pcp_port = $PCP_PORT
pcp_socket_dir = '$DIR/sockets'
pid_file_name = '$DIR/pgpool/pgpool.pid'
logdir = '$DIR/pgpool'
backend_hostname0 = '127.0.0.1'
backend_port0 = $PRIMARY_PORT
backend_weight0 = 0
backend_flag0 = 'ALLOW_TO_FAILOVER'
backend_hostname1 = '127.0.0.1'
backend_port1 = $STANDBY_PORT
backend_weight1 = 1
backend_flag1 = 'ALLOW_TO_FAILOVER'
enable_pool_hba = off
num_init_children = 24
max_pool = 2
load_balance_mode = on
sr_check_period = 1
sr_check_user = 'postgres'
health_check_period = 0
failover_on_backend_error = off
connection_cache = on
EOF
  : >"$DIR/pgpool/pcp.conf"
  chown -R postgres:postgres "$DIR/pgpool" 2>/dev/null || true
  as_pg pgpool -f "$DIR/pgpool/pgpool.conf" -F "$DIR/pgpool/pcp.conf" >"$DIR/pgpool/pgpool.out" 2>&1
  wait_ready $PGPOOL_PORT
  for port in $PRIMARY_PORT $STANDBY_PORT; do wait_ready "$port"; done
  if [ "$TENANTS" = 1 ]; then for port in $EAST_PORT $WEST_PORT; do wait_ready "$port"; done; fi
  # the standby streams and is in recovery
  for _ in $(seq 1 100); do
    state=$(psql -XtAq "postgres://postgres@127.0.0.1:$PRIMARY_PORT/postgres" -c "select sync_state from pg_stat_replication where application_name = 'standby1'")
    [ "$state" = sync ] && break
    sleep 0.1
  done
  [ "$state" = sync ] || { echo "the standby is not streaming (state: '$state')" >&2; exit 1; }

  cat >"$ENV_FILE" <<EOF
export TEST_PRIMARY_URL=postgres://postgres@127.0.0.1:$PRIMARY_PORT/postgres
export TEST_STANDBY_URL=postgres://postgres@127.0.0.1:$STANDBY_PORT/postgres
export TEST_PGPOOL_URL=postgres://postgres@127.0.0.1:$PGPOOL_PORT/postgres
export TEST_EAST_URL=postgres://postgres@127.0.0.1:$EAST_PORT/postgres
export TEST_WEST_URL=postgres://postgres@127.0.0.1:$WEST_PORT/postgres
export TEST_TOPOLOGY_SCRIPT=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")
EOF
  echo "topology up in $(( ($(date +%s%N) - started) / 1000000 )) ms" >&2
  echo "$ENV_FILE"
}

case "${1:-}" in
  start) start_all ;;
  stop) stop_all ;;
  stop-primary) pg_ctl_quiet -D "$DIR/primary" -m immediate -w stop ;;
  env) cat "$ENV_FILE" ;;
  *)
    echo "usage: $0 start|stop|stop-primary|env" >&2
    exit 2
    ;;
esac
