# shellcheck shell=bash
# The common part of the adversarial scenarios (.ci/adversarial/*.sh), sourced by each after it
# sets SCENARIO. Every part runs as its own JVM on loopback, as in production: Temporal's
# standalone test server (one server that outlives the polls), the TDX sandbox, a PostgreSQL
# cluster of the machine's PostgreSQL binaries (so that a scenario can stop and start it), and as
# many workers (`tqd worker`) and daemon starters (`tqd run --daemon`) as the scenario starts.
#
# The scenario drives the run and then calls `finish`, which waits for the run to settle and
# prints the scenario's one line from .ci/adversarial/check.py (see there for what each count
# means); the script exits 0 when every count is 0, 1 otherwise, 2 when the scenario could not be
# run. Nothing outside a temporary work directory is touched (HOME points into it); every process
# is stopped on exit. ADV_KEEP=1 keeps the work directory (logs) even on success; it is always kept
# on failure.
#
# Settings that the scenarios rely on, all overridable from the environment:
#   TQD_RETRY_SCALE=0.05     activity retry intervals ×0.05 (docs/operations.md §15): a TDX
#                            action's 8 attempts take ~13 s instead of ~4 min
#   TQD_STICKY_TIMEOUT=0     the standalone test server never hands a killed worker's sticky tasks on
#   TQD_RECHECK_INTERVAL=5   conditions the report row cannot show are checked again every 5 s
#   ADV_INTERVAL=5           seconds between a starter's polls

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
ADV="$ROOT/.ci/adversarial"
JAR="$ROOT/app/target/tqd.jar"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/tqd-adv-$SCENARIO.XXXXXX")"
chmod 755 "$WORK" # the PostgreSQL cluster inside runs as another user
LOG_TAG="$SCENARIO"
T0=$SECONDS
# shellcheck source=.ci/lib.sh
. "$ROOT/.ci/lib.sh"

die() { # the scenario could not be run as designed
  log "ERROR: $*"
  exit 2
}

adv_cleanup() {
  local status=$?
  stop_all
  pg_destroy
  local left
  left="$(leftover_processes)"
  if [[ -n $left ]]; then
    log "processes of this run were left; stopping them: $left"
    while read -r pid _; do kill -KILL "$pid" 2>/dev/null || true; done <<<"$left"
    [[ $status -ne 0 ]] || status=1
  fi
  if [[ $status -ge 2 ]]; then # the scenario broke (counts alone are explained by the checker)
    for f in "$WORK"/*.log; do
      [[ -f $f ]] || continue
      printf '\n----- last lines of %s -----\n' "$(basename "$f")" >&2
      grep -v '^\s\+at \|^\s*\.\.\. [0-9]* more' "$f" | tail -n 25 >&2
    done
  fi
  if [[ ${ADV_KEEP:-} == 1 || $status -ne 0 ]]; then
    log "logs kept in $WORK"
  else
    rm -rf "$WORK"
  fi
  exit "$status"
}
trap adv_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [[ ! -f $JAR ]]; then
  log "building $JAR"
  ./mvnw -B -q -DskipTests -Dspotless.check.skip=true package -pl app -am
fi

# Nothing may touch the real home, a developer's ledger or a .env in the working directory.
export HOME="$WORK/home"
mkdir -p "$HOME"
cd "$WORK"
unset DATABASE_URL TQD_PIPELINE DAEMON_DRY_RUN DAEMON_INTERVAL TEMPORAL_NAMESPACE TQD_METRICS_PORT TQD_STARTER_METRICS_PORT || true
export TQD_RETRY_SCALE="${TQD_RETRY_SCALE:-0.05}"
export TQD_STICKY_TIMEOUT=0
export TQD_SHUTDOWN_GRACE="${TQD_SHUTDOWN_GRACE:-5}"
export TQD_RECHECK_INTERVAL="${TQD_RECHECK_INTERVAL:-5}"
ADV_INTERVAL="${ADV_INTERVAL:-5}"
export CI="${CI:-true}"

check() { python3 "$ADV/check.py" "$@"; }

# ---- the parts

start_temporal() {
  local port
  port="$(free_port)"
  start_java temporal -cp "$JAR" io.temporal.testserver.TestServer "$port"
  wait_for_port "$port" 60 || die "Temporal's test server did not start"
  export TEMPORAL_ADDRESS="127.0.0.1:$port" ADV_TEMPORAL="127.0.0.1:$port"
  mkdir -p "$WORK/classes"
  javac -nowarn -cp "$JAR" -d "$WORK/classes" "$ADV/Workflows.java" ||
    die "could not compile Workflows.java"
  export ADV_WORKFLOWS_CP="$JAR:$WORK/classes"
}

start_postgres() {
  pg_init "$WORK/pg" "$(free_port)"
  export DATABASE_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/tqd?user=postgres"
}

start_sandbox() { # sandbox options (tqd sandbox --help)
  start_java sandbox -jar "$JAR" sandbox --port 0 "$@"
  wait_for_line sandbox '^TDX_SANDBOX_URL=' 60 || die "the sandbox printed no settings"
  local key value
  while IFS='=' read -r key value; do
    case "$key" in
      TDX_* | DAEMON_REPORT_ID) export "$key=$value" ;;
    esac
  done < <(grep -E '^[A-Z_]+=' "$WORK/sandbox.log")
}

start_worker() { # name
  TQD_METRICS_PORT=-1 start_java "$1" -jar "$JAR" worker
  wait_for_line "$1" 'worker started' 120 || die "worker $1 did not start"
}

start_starter() { # name [tqd run options]
  local name=$1
  shift
  TQD_METRICS_PORT=-1 TQD_STARTER_METRICS_PORT=-1 start_java "$name" -jar "$JAR" run --daemon --interval "$ADV_INTERVAL" "$@"
  wait_for_line "$name" 'poll #1 ' 120 || die "starter $name did not poll"
}

# The pipeline's action IDs in order, for the checker: `pipeline_ids [--pipeline FILE]`.
# shellcheck disable=SC2120 # the standard pipeline takes no arguments
pipeline_ids() {
  local ids
  ids="$(java -jar "$JAR" pipeline show "$@" 2>&1 | grep -oE '\b[a-z_]+:[0-9a-f]{12}:v[0-9]+\b' | awk '!seen[$0]++' | tr '\n' ' ')"
  [[ -n $ids ]] || die "tqd pipeline show $* printed no action IDs"
  export ADV_PIPELINE_IDS="${ids% }"
}

# Brings up Temporal, PostgreSQL and the sandbox with the standard pipeline's IDs; sandbox options
# as arguments.
standard_setup() {
  start_temporal
  start_postgres
  start_sandbox "$@"
  # shellcheck disable=SC2119 # the standard pipeline
  pipeline_ids
  log "Temporal $TEMPORAL_ADDRESS, PostgreSQL port $PG_PORT, sandbox $TDX_SANDBOX_URL; pipeline $ADV_PIPELINE_IDS"
}

# wait_until SECONDS DESCRIPTION COMMAND...: until the command succeeds; dies after the bound.
wait_until() {
  local bound=$1 what=$2
  shift 2
  local deadline=$((SECONDS + bound))
  until "$@"; do
    ((SECONDS < deadline)) || die "waited $bound s for $what"
    sleep 0.5
  done
}

summaries_at_least() { # n [IDS...]: at least n tickets (of the report, or IDS) have their summary
  local n=$1 finished total
  shift
  read -r finished total < <(check summaries "$@")
  ((finished >= n))
}

all_summaries() { # [IDS...]
  local finished total
  read -r finished total < <(check summaries "$@")
  ((total > 0 && finished == total))
}

ledger_at_least() { # n SQL_WHERE
  local count
  count="$(check ledger "$2" 2>/dev/null)" || return 1
  ((count >= $1))
}

# finish_now: prints the scenario's line as things stand, without waiting, and exits with the
# checker's status (for a scenario whose point is that something happened by a deadline).
finish_now() {
  local status=0
  check count "$SCENARIO" >"$WORK/result.txt" 2>"$WORK/settle.log" || status=$?
  sed 's/^/    /' "$WORK/settle.log" >&2
  log "finished in $((SECONDS - T0)) s"
  grep '^SCENARIO ' "$WORK/result.txt" || die "the checker printed no result: $(cat "$WORK/result.txt")"
  [[ $status -le 1 ]] || die "the checker failed"
  exit "$status"
}

# finish [TIMEOUT [QUIET]]: waits for the run to settle (every count 0 with no workflow open, or
# nothing changing for QUIET seconds with none open, or TIMEOUT), prints the scenario's line, and
# exits with the checker's status.
finish() {
  local timeout=${1:-300} quiet=${2:-$((4 * ADV_INTERVAL + 10))} status=0
  log "waiting for the run to settle (at most $timeout s)"
  check settle "$SCENARIO" "$timeout" "$quiet" >"$WORK/result.txt" 2>"$WORK/settle.log" || status=$?
  sed 's/^/    /' "$WORK/settle.log" >&2
  log "finished in $((SECONDS - T0)) s"
  grep '^SCENARIO ' "$WORK/result.txt" || die "the checker printed no result: $(cat "$WORK/result.txt")"
  [[ $status -le 1 ]] || die "the checker failed"
  exit "$status"
}
