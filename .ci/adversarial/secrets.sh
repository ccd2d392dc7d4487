#!/usr/bin/env bash
# Adversarial scenario "secrets": tqd runs at --log-level DEBUG (worker and daemon starter, each its
# own JVM on loopback, logging to stderr and to --log files) through logins with a web services key
# and with a user name and password, token renewals (15-second tokens), 401s (the sandbox refuses
# valid tokens for a while), 5xx answers and 429 bursts, and one-off commands with a static API
# token, wrong credentials and broken or unreachable DATABASE_URLs. The database password is a
# distinctive value with '/', '?' and '+' in it (the embedded PostgreSQL trusts loopback, so any
# password gets in, and tqd handles it as in production).
#
# Then every output is searched for every secret: the web services key, the password, the API
# token, the database password, the wrong key and password the failing commands were given, and
# any JWT (the tokens tqd obtains by logging in): every process's stdout/stderr and log file, every
# row of every table in the ledger database (dumped with psql), and every Temporal workflow
# history (fetched from the test server with the Java client; payloads are printed as text). The
# sandbox's own output, which prints its credentials by design, is not tqd's and is not searched.
#
# Prints exactly one line
#   SCENARIO secrets: outputs_scanned=N secrets_found=0
# and exits non-zero when a secret was found (or the run could not be done). All processes it starts
# are stopped on exit. Needs a JDK 17+, python3, curl and psql; uses app/target/tqd.jar (built when
# missing). Run from the repository root: bash .ci/adversarial/secrets.sh.
# TQD_ADVERSARIAL_KEEP=1 keeps the logs.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
JAR="$ROOT/app/target/tqd.jar"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/tqd-secrets.XXXXXX")"
SCAN="$WORK/scan" # everything searched for secrets goes here
mkdir -p "$SCAN"
declare -A PIDS=()
SCANNED=0
FOUND=0

log() { printf '%s secrets: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

stop_all() {
  local name pid
  for name in "${!PIDS[@]}"; do kill -TERM "${PIDS[$name]}" 2>/dev/null || true; done
  for name in "${!PIDS[@]}"; do
    pid="${PIDS[$name]}"
    for _ in $(seq 1 150); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  PIDS=()
}

# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
  local status=$?
  stop_all
  ps -eo pid=,args= | awk -v w="$WORK/" 'index($0, w) && !/awk/ { print $1 }' |
    while read -r pid; do kill -INT "$pid" 2>/dev/null || true; done
  if [[ "${TQD_ADVERSARIAL_KEEP:-}" == 1 || $status -ne 0 ]]; then
    log "logs kept in $WORK"
  else
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

die() {
  log "$*"
  for f in "$SCAN"/*.log; do
    [[ -f $f ]] && { printf '\n----- %s -----\n' "$(basename "$f")" >&2; tail -n 20 "$f" >&2; }
  done
  echo "SCENARIO secrets: outputs_scanned=$SCANNED secrets_found=$FOUND"
  exit 1
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

wait_for_port() {
  local deadline=$((SECONDS + $2))
  while ((SECONDS < deadline)); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.2
  done
  return 1
}

wait_for_line() { # file pattern seconds [pid]
  local deadline=$((SECONDS + $3))
  while ((SECONDS < deadline)); do
    if grep -q -- "$2" "$1" 2>/dev/null; then return 0; fi
    if [[ -n ${4:-} ]] && ! kill -0 "$4" 2>/dev/null; then return 1; fi
    sleep 0.2
  done
  return 1
}

start_bg() { # name logfile command...
  local name=$1 out=$2
  shift 2
  "$@" >"$out" 2>&1 &
  PIDS[$name]=$!
}

faults() { curl -fsS -o /dev/null -H 'Content-Type: application/json' -d "$1" "$SANDBOX_URL/faults"; }

# ---- the processes

if [[ ! -f "$JAR" ]]; then
  log "building $JAR"
  ./mvnw -B -q -DskipTests -Dspotless.check.skip=true package -pl app -am >&2
fi
export HOME="$WORK/home"
mkdir -p "$HOME"
cd "$WORK"
unset DATABASE_URL TQD_PIPELINE DAEMON_DRY_RUN DAEMON_INTERVAL TEMPORAL_NAMESPACE TEMPORAL_TLS \
  TQD_METRICS_PORT TDX_BEID TDX_WEB_SERVICES_KEY TDX_USERNAME TDX_PASSWORD TDX_API_TOKEN || true
export TQD_EMBEDDED_PG_DIR="$WORK/pg"
PG_PORT="$(free_port)"
export TQD_EMBEDDED_PG_PORT="$PG_PORT"

TEMPORAL_PORT="$(free_port)"
start_bg temporal "$SCAN/temporal-server.log" java -cp "$JAR" io.temporal.testserver.TestServer "$TEMPORAL_PORT"
SANDBOX_PORT="$(free_port)"
# The sandbox prints its credentials by design: its output is not tqd's and is not scanned.
start_bg sandbox "$WORK/sandbox.out" java -jar "$JAR" sandbox --port "$SANDBOX_PORT" --tickets 8 \
  --seed 23 --limit-scale 10 --token-lifetime 15
wait_for_port "$TEMPORAL_PORT" 60 || die "the Temporal test server did not start"
wait_for_line "$WORK/sandbox.out" '^TDX_SANDBOX_URL=' 60 || die "the sandbox printed no settings"
declare -A SB=()
while IFS='=' read -r key value; do SB[$key]=$value; done < <(grep -E '^[A-Z_]+=' "$WORK/sandbox.out")
SANDBOX_URL="${SB[TDX_SANDBOX_URL]}"
export TEMPORAL_ADDRESS="127.0.0.1:$TEMPORAL_PORT"
export TDX_BASE_URL="${SB[TDX_BASE_URL]}" TDX_APP_ID="${SB[TDX_APP_ID]}"
export TDX_TICKET_APP_ID="${SB[TDX_TICKET_APP_ID]}" DAEMON_REPORT_ID="${SB[DAEMON_REPORT_ID]}"

KEY="${SB[TDX_WEB_SERVICES_KEY]}"
PASSWORD="${SB[TDX_PASSWORD]}"
API_TOKEN="$(curl -fsS -H 'Content-Type: application/json' \
  -d "{\"BEID\":\"${SB[TDX_BEID]}\",\"WebServicesKey\":\"$KEY\"}" "${TDX_BASE_URL}/auth/loginadmin")"
FIRST_API_TOKEN="$API_TOKEN"
DB_PASSWORD='Db7/Sq3?Xk9+Wv2=='
WRONG_KEY='0badc0de-5ec7-4e7a-9bad-c0de5ec7e7a9'
WRONG_PASSWORD='Wr0ng/P4ss?w0rd+Zz'
[[ -n $KEY && -n $PASSWORD && $API_TOKEN == *.*.* ]] || die "could not read the sandbox's credentials"

# The worker logs in with the web services key and holds the embedded PostgreSQL.
start_bg worker "$SCAN/worker.out" env TDX_BEID="${SB[TDX_BEID]}" TDX_WEB_SERVICES_KEY="$KEY" \
  TQD_METRICS_PORT=-1 TQD_STICKY_TIMEOUT=0 \
  java -jar "$JAR" worker --log-level DEBUG --log "$SCAN/worker.log"
wait_for_line "$SCAN/worker.out" 'worker started' 120 "${PIDS[worker]}" || die "the worker did not start"

# The starter logs in with user name and password and reaches the ledger with a password.
DB_URL="postgresql://postgres:${DB_PASSWORD}@127.0.0.1:${PG_PORT}/tqd"
start_bg starter "$SCAN/starter.out" env TDX_USERNAME="${SB[TDX_USERNAME]}" TDX_PASSWORD="$PASSWORD" \
  DATABASE_URL="$DB_URL" TQD_METRICS_PORT=-1 TQD_STARTER_METRICS_PORT=-1 \
  java -jar "$JAR" run --daemon --interval 5 --log-level DEBUG --log "$SCAN/starter.log"
wait_for_line "$SCAN/starter.out" 'poll #1 ' 120 "${PIDS[starter]}" || die "the starter did not poll"
log "test server :$TEMPORAL_PORT, sandbox :$SANDBOX_PORT, worker ${PIDS[worker]}, starter ${PIDS[starter]}"

# ---- failures while it runs: 5xx, 429 bursts, 401s, token renewals (15 s tokens)

faults '{"serverErrorShare": 0.2, "rateLimitBurst": 5}'
sleep 6
faults '{"serverErrorShare": 0, "permissionDenied": true}'
sleep 3
faults '{"permissionDenied": false}'
read -r -a NEW < <(curl -fsS -H 'Content-Type: application/json' -d '{"count": 3}' "$SANDBOX_URL/tickets" |
  python3 -c 'import json,sys; print(" ".join(str(i) for i in json.load(sys.stdin)["ticketIds"]))')
log "faults done; 3 tickets added (${NEW[*]}); waiting for the report to be processed"
deadline=$((SECONDS + 70))
while ((SECONDS < deadline)); do
  left="$(curl -fsS "$SANDBOX_URL/state" | python3 -c '
import json, sys
s = json.load(sys.stdin)["tickets"]
print(sum(1 for t in s if not any("Automated Actions Summary" in (f.get("body") or "") for f in t["feed"])))')"
  # Tickets outside the report never get a summary; those of the report must.
  total="$(curl -fsS "$SANDBOX_URL/report" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["ticketIds"]))')"
  done_count="$(curl -fsS "$SANDBOX_URL/state" | python3 -c '
import json, sys, urllib.request
report = set(json.load(urllib.request.urlopen(sys.argv[1] + "/report"))["ticketIds"])
s = json.load(sys.stdin)["tickets"]
print(sum(1 for t in s if t["ticketId"] in report and any("Automated Actions Summary" in (f.get("body") or "") for f in t["feed"])))' "$SANDBOX_URL")"
  ((done_count >= total)) && break
  sleep 2
done
log "$done_count of $total report tickets have their summary (tickets without: $left)"
if ! grep -q 'Obtained a TDX token' "$SCAN/worker.log"; then
  die "the worker's DEBUG log shows no login: the scenario did not run as intended"
fi
RENEWALS="$(grep -c 'Obtained a TDX token' "$SCAN/worker.log" "$SCAN/starter.log" | awk -F: '{ n += $2 } END { print n }')"
log "logins and renewals seen in the DEBUG logs: $RENEWALS"

# ---- one-off commands on failure paths, at DEBUG (stack traces are printed there), side by side

oneoff() { # name VAR=value... -- args...
  local name=$1
  shift
  local vars=()
  while [[ $1 != -- ]]; do
    vars+=("$1")
    shift
  done
  shift
  env "${vars[@]}" timeout 120 java -jar "$JAR" "$@" --log-level DEBUG >"$SCAN/$name.out" 2>&1 </dev/null &
  ONEOFFS+=($!)
}
ONEOFFS=()
# A fresh static token (tokens live 15 s here), so the dry run gets somewhere before it expires.
API_TOKEN="$(curl -fsS -H 'Content-Type: application/json' \
  -d "{\"BEID\":\"${SB[TDX_BEID]}\",\"WebServicesKey\":\"$KEY\"}" "${TDX_BASE_URL}/auth/loginadmin")"
oneoff api-token-dry-run TDX_API_TOKEN="$API_TOKEN" DATABASE_URL="$DB_URL" -- run --dry-run
oneoff wrong-key TDX_BEID="${SB[TDX_BEID]}" TDX_WEB_SERVICES_KEY="$WRONG_KEY" DATABASE_URL="$DB_URL" -- run
oneoff wrong-password TDX_USERNAME="${SB[TDX_USERNAME]}" TDX_PASSWORD="$WRONG_PASSWORD" DATABASE_URL="$DB_URL" -- run
oneoff db-bad-port TDX_API_TOKEN="$API_TOKEN" DATABASE_URL="postgresql://postgres:${DB_PASSWORD}@127.0.0.1:99999/tqd" -- ledger stats
oneoff db-unreachable TDX_API_TOKEN="$API_TOKEN" DATABASE_URL="postgresql://postgres:${DB_PASSWORD}@127.0.0.1:1/tqd" -- ledger stats
oneoff db-jdbc-upper TDX_API_TOKEN="$API_TOKEN" \
  DATABASE_URL="jdbc:postgresql://127.0.0.1:${PG_PORT}/tqd?user=postgres&PASSWORD=${DB_PASSWORD//\?/%3F}" -- ledger stats
oneoff ledger-ticket DATABASE_URL="$DB_URL" -- ledger ticket "${NEW[0]}"
for pid in "${ONEOFFS[@]}"; do wait "$pid" || true; done

# ---- the ledger and the Temporal histories, while the worker still holds the database

psql -X -q -A -t "postgresql://postgres@127.0.0.1:${PG_PORT}/tqd" -c \
  "select table_schema || '.' || table_name from information_schema.tables
   where table_schema not in ('pg_catalog', 'information_schema') and table_type = 'BASE TABLE'" \
  >"$WORK/tables.txt" || die "psql could not read the ledger database"
ROWS=0
while read -r table; do
  [[ -n $table ]] || continue
  psql -X -q "postgresql://postgres@127.0.0.1:${PG_PORT}/tqd" \
    -c "\\copy (select * from $table) to '$SCAN/table-$table.tsv'" || die "could not dump $table"
  ROWS=$((ROWS + $(wc -l <"$SCAN/table-$table.tsv")))
done <"$WORK/tables.txt"
log "dumped $(wc -l <"$WORK/tables.txt") tables ($ROWS rows) of the ledger database"

cat >"$WORK/Histories.java" <<'JAVA'
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.*;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Prints every workflow history of the namespace (open and closed) as protobuf text. */
public class Histories {
  public static void main(String[] args) throws Exception {
    WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget(args[0]).build());
    var service = stubs.blockingStub();
    List<WorkflowExecutionInfo> all = new ArrayList<>();
    all.addAll(service.listOpenWorkflowExecutions(ListOpenWorkflowExecutionsRequest.newBuilder()
        .setNamespace("default").setMaximumPageSize(10000).build()).getExecutionsList());
    all.addAll(service.listClosedWorkflowExecutions(ListClosedWorkflowExecutionsRequest.newBuilder()
        .setNamespace("default").setMaximumPageSize(10000).build()).getExecutionsList());
    int events = 0;
    try (PrintWriter out = new PrintWriter(args[1], "UTF-8")) {
      for (WorkflowExecutionInfo info : all) {
        WorkflowExecution e = info.getExecution();
        GetWorkflowExecutionHistoryResponse h = service.getWorkflowExecutionHistory(
            GetWorkflowExecutionHistoryRequest.newBuilder().setNamespace("default")
                .setExecution(e).build());
        events += h.getHistory().getEventsCount();
        out.println("# " + e.getWorkflowId() + " " + e.getRunId());
        out.println(h.getHistory());
      }
    }
    System.out.println(all.size() + " " + events);
    stubs.shutdown();
  }
}
JAVA
read -r HISTORIES EVENTS < <(java -cp "$JAR" "$WORK/Histories.java" "$TEMPORAL_ADDRESS" "$SCAN/temporal-histories.txt" 2>"$WORK/histories.err") ||
  die "could not fetch the workflow histories: $(tail -3 "$WORK/histories.err")"
((HISTORIES > 0)) || die "the test server has no workflow history"
log "fetched $HISTORIES workflow histories ($EVENTS events)"

stop_all # the starter and the worker stop (SIGTERM) and write their last lines

# ---- the search

# The search must be able to find what it looks for: the sandbox's output has the key and password.
grep -qF -- "$KEY" "$WORK/sandbox.out" && grep -qF -- "$PASSWORD" "$WORK/sandbox.out" ||
  die "the search cannot find the key in the sandbox's own output: the search is broken"
declare -A SECRETS=(
  [web-services-key]="$KEY"
  [password]="$PASSWORD"
  [api-token]="$API_TOKEN"
  [first-api-token]="$FIRST_API_TOKEN"
  [database-password]="$DB_PASSWORD"
  [database-password-escaped]="${DB_PASSWORD//\?/%3F}"
  [wrong-key]="$WRONG_KEY"
  [wrong-password]="$WRONG_PASSWORD"
)
JWT='eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}'
for f in "$SCAN"/*; do
  [[ -f $f ]] || continue
  SCANNED=$((SCANNED + 1))
  for name in "${!SECRETS[@]}"; do
    if grep -qF -- "${SECRETS[$name]}" "$f"; then
      FOUND=$((FOUND + 1))
      log "FOUND the $name in $(basename "$f"): $(grep -nF -- "${SECRETS[$name]}" "$f" | head -2 | cut -c1-200)"
    fi
  done
  if grep -qE -- "$JWT" "$f"; then
    FOUND=$((FOUND + 1))
    log "FOUND a token (JWT) in $(basename "$f"): $(grep -noE -- "$JWT" "$f" | head -2 | cut -c1-60)"
  fi
done
log "scanned $SCANNED outputs: logs and outputs of $(find "$SCAN" -name '*.out' -o -name '*.log' | wc -l) processes, $(wc -l <"$WORK/tables.txt") ledger tables, $HISTORIES workflow histories"

echo "SCENARIO secrets: outputs_scanned=$SCANNED secrets_found=$FOUND"
((FOUND == 0))
