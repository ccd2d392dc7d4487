# shellcheck shell=bash
# Helpers shared by the CI scripts that run tqd as separate processes (.ci/e2e.sh and the
# adversarial scenarios in .ci/adversarial/). Source it after setting WORK, the directory that
# receives each process's log ($WORK/<name>.log); LOG_TAG names the script in log lines.
#
# Processes are started directly (never through a subshell), so that the PID kept in PIDS[name]
# is the JVM's own and can be signalled; stop_all stops every one of them.

declare -A PIDS=()

log() { printf '%s %s: %s\n' "$(date +%H:%M:%S)" "${LOG_TAG:-ci}" "$*"; }

# Fails the script: with its die() when it has one, else with a message and exit 1.
lib_die() {
  if declare -F die >/dev/null; then
    die "$*"
  fi
  log "$*"
  exit 1
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

wait_for_port() { # port seconds
  local deadline=$((SECONDS + $2))
  while ((SECONDS < deadline)); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.2
  done
  return 1
}

wait_for_line() { # name pattern seconds: until the process's log has the line; fails if it exits
  local log="$WORK/$1.log" pid="${PIDS[$1]:-}" deadline=$((SECONDS + $3))
  while ((SECONDS < deadline)); do
    if grep -q -- "$2" "$log" 2>/dev/null; then return 0; fi
    if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
      log "$1 exited before logging '$2'"
      return 1
    fi
    sleep 0.2
  done
  return 1
}

# shellcheck disable=SC2034 # EXIT_STATUS is read by the callers
wait_for_exit() { # pid seconds; sets EXIT_STATUS; returns 1 when still running after the bound
  local pid=$1 deadline=$((SECONDS + $2))
  while ((SECONDS < deadline)); do
    if ! kill -0 "$pid" 2>/dev/null; then
      EXIT_STATUS=0
      wait "$pid" || EXIT_STATUS=$?
      return 0
    fi
    sleep 0.2
  done
  return 1
}

# Starts java in the background, directly, so that $! is the JVM's own PID. Output goes to
# $WORK/<name>.log (appended, so a restarted process keeps its earlier lines).
start_java() { # name args...
  local name=$1
  shift
  java "$@" >>"$WORK/$name.log" 2>&1 &
  local pid=$! comm=""
  PIDS[$name]=$pid
  [[ -d /proc ]] || return 0
  for _ in $(seq 1 100); do # until the forked shell has exec'd java
    comm="$(cat "/proc/$pid/comm" 2>/dev/null || true)"
    [[ $comm == java || -z $comm ]] && return 0
    sleep 0.02
  done
  lib_die "$name: PID $pid is $comm, not the JVM itself"
}

kill_now() { # name: SIGKILL, as a crash would
  local pid=${PIDS[$1]:-}
  [[ -n $pid ]] || return 0
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  unset "PIDS[$1]"
}

stop_one() { # name: SIGTERM, then SIGKILL after 10 s
  local pid=${PIDS[$1]:-}
  [[ -n $pid ]] || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  unset "PIDS[$1]"
}

stop_all() {
  local name pid
  for name in "${!PIDS[@]}"; do
    pid="${PIDS[$name]}"
    kill -TERM "$pid" 2>/dev/null || true
  done
  for name in "${!PIDS[@]}"; do
    pid="${PIDS[$name]}"
    for _ in $(seq 1 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
  done
  PIDS=()
}

# Processes whose command line names this run's work directory (its name is unique), one
# "PID args" per line.
leftover_processes() {
  ps -eo pid=,args= | awk -v w="$WORK/" 'index($0, w) && !/awk/ { print }'
}

# ---- a throwaway PostgreSQL cluster from the machine's PostgreSQL binaries, which can be stopped
# and started again (to simulate an outage). As root it runs as the "postgres" user (initdb refuses
# root). Sets PG_BIN, PG_DIR, PG_PORT, and exports PGHOST/PGPORT/PGUSER/PGDATABASE for psql.

pg_find_bin() {
  local d
  while read -r d; do
    [[ -x $d/initdb && -x $d/pg_ctl ]] && {
      echo "$d"
      return 0
    }
  done < <(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V -r)
  return 1
}

pg_as() { # runs a PostgreSQL binary as the cluster's owner
  if [[ $EUID -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_init() { # directory port
  PG_BIN="$(pg_find_bin)" || lib_die "no PostgreSQL server binaries under /usr/lib/postgresql (Debian: apt-get install postgresql-15)"
  PG_DIR=$1
  PG_PORT=$2
  mkdir -p "$PG_DIR"
  if [[ $EUID -eq 0 ]]; then chown postgres:postgres "$PG_DIR"; fi
  pg_as "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync \
    >"$PG_DIR/initdb.log" 2>&1 || lib_die "initdb failed: $(tail -3 "$PG_DIR/initdb.log")"
  pg_start
  pg_as "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres tqd
  export PGHOST=127.0.0.1 PGPORT=$PG_PORT PGUSER=postgres PGDATABASE=tqd
}

pg_start() {
  pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null
}

pg_stop() { # stops the server, dropping every connection (as a crash or a restart would)
  pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w -t 60 stop >/dev/null
}

pg_destroy() {
  [[ -n ${PG_DIR:-} && -d ${PG_DIR:-} ]] || return 0
  pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
}
