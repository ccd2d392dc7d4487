#!/usr/bin/env bash
# End-to-end test of tqd in separate processes, as it runs in production: Temporal's standalone
# test server, the TDX sandbox, a worker and a daemon starter, each its own JVM, over loopback.
#
# It checks that every ticket of the report ends with exactly the assets the sandbox's ground truth
# names and exactly one summary comment; that the ledger, /metrics and /health agree; that tickets
# added to the report are processed at the next poll; that a worker killed with SIGKILL in the
# middle of a batch loses nothing and duplicates nothing once a new worker takes over; that
# SIGTERM stops the starter and the worker cleanly; and that bad input is refused with exit status
# 2 (or 1 for unreachable services) and a clear message, without a stack trace.
#
# Prints one PASS/FAIL line per check and exits 1 if any failed. Needs a JDK 17+, curl and python3;
# uses app/target/tqd.jar (built when missing). Nothing outside a temporary directory is touched
# (HOME and the embedded PostgreSQL point into it); every process it starts is stopped on exit.
#
# Exit status of the JVMs on SIGTERM: 143 (128 + SIGTERM). The JVM runs tqd's shutdown hooks
# (stop polling / drain the worker, close the ledger) and then ends with the signal's status; the
# log line "Daemon shutdown complete" (starter) or "Worker shutdown complete" (worker) shows that
# the shutdown was clean. 0 is accepted too.
#
# Environment: TQD_E2E_KEEP=1 keeps the temporary directory (logs) even on success.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
JAR="$ROOT/app/target/tqd.jar"
TICKETS=40          # tickets in the report at the start
SEED=7
INTERVAL=5          # seconds between the starter's polls
LIMIT_SCALE=10      # the sandbox's rate limits are TDX's documented ones times this, to keep CI fast
STOP_BOUND=40       # seconds a SIGTERMed process may take to exit
WAIT_BOUND=240      # seconds to wait for a batch of tickets

WORK="$(mktemp -d "${TMPDIR:-/tmp}/tqd-e2e.XXXXXX")"
FAILURES=0
LOG_TAG=e2e
# shellcheck source=.ci/lib.sh
. "$ROOT/.ci/lib.sh" # log, start_java, stop_all, wait_for_*, free_port
pass() { printf 'PASS  %s\n' "$*"; }
fail() {
  printf 'FAIL  %s\n' "$*"
  FAILURES=$((FAILURES + 1))
}
check() { # check "description" command...: PASS when the command succeeds
  local what="$1"
  shift
  if "$@"; then pass "$what"; else fail "$what"; fi
}
die() { # a failure after which nothing else can be checked
  fail "$*"
  exit 1
}

# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
  local status=$?
  stop_all
  if [[ $status -ne 0 || $FAILURES -ne 0 ]]; then
    for f in "$WORK"/*.log; do
      [[ -f "$f" ]] || continue
      printf '\n----- last lines of %s -----\n' "$(basename "$f")"
      tail -n 40 "$f"
    done
  fi
  if [[ "${TQD_E2E_KEEP:-}" == 1 || $status -ne 0 || $FAILURES -ne 0 ]]; then
    log "logs kept in $WORK"
  else
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- the helper that reads the sandbox's inspection endpoints

cat >"$WORK/sandbox.py" <<'PY'
"""Reads the TDX sandbox's /_sandbox endpoints for the e2e script."""
import json, sys, urllib.request

base = sys.argv[1]
cmd = sys.argv[2]

def get(path):
    with urllib.request.urlopen(base + path, timeout=30) as r:
        return json.load(r)

def post(path, body):
    req = urllib.request.Request(base + path, data=json.dumps(body).encode(),
                                 headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.load(r)

def summaries(t):
    return sum(1 for f in t["feed"] if "Automated Actions Summary" in (f["body"] or ""))

def states():
    return {t["ticketId"]: t for t in get("/state")["tickets"]}

if cmd == "snapshot":            # snapshot FILE: every ticket's linked assets
    json.dump({t: s["assetIds"] for t, s in states().items()}, open(sys.argv[3], "w"))
elif cmd == "add":               # add N: generate N tickets into the report, print their IDs
    print(" ".join(str(i) for i in post("/tickets", {"count": int(sys.argv[3])})["ticketIds"]))
elif cmd == "progress":          # progress [IDS...]: "<with a summary> <total>" of these or the report
    ids = [int(i) for i in sys.argv[3:]] or get("/report")["ticketIds"]
    s = states()
    print(sum(1 for i in ids if summaries(s[i]) >= 1), len(ids))
elif cmd == "verify":            # verify SNAPSHOT: every report ticket exactly right
    before = {int(k): v for k, v in json.load(open(sys.argv[3])).items()}
    truth = {t["ticketId"]: t for t in get("/truth")["tickets"]}
    s = states()
    report = get("/report")["ticketIds"]
    bad = []
    for i in report:
        linked = s[i]["assetIds"]
        added = sorted(set(linked) - set(before.get(i, [])))
        expected = sorted(truth[i]["expectedAssetIds"])
        n = summaries(s[i])
        if len(linked) != len(set(linked)):
            bad.append(f"ticket {i}: an asset linked twice: {linked}")
        if added != expected:
            bad.append(f"ticket {i}: added {added}, truth {expected} ({truth[i]['reason']})")
        if n != 1:
            bad.append(f"ticket {i}: {n} summary comments")
    for line in bad[:20]:
        print(line)
    print(f"{len(report) - len({b.split(':')[0] for b in bad})} of {len(report)} tickets exactly right")
    sys.exit(1 if bad else 0)
elif cmd == "faults":            # faults JSON: change the sandbox's faults
    post("/faults", json.loads(sys.argv[3]))
else:
    sys.exit("unknown command " + cmd)
PY

sandbox() { python3 "$WORK/sandbox.py" "$TDX_SANDBOX_URL" "$@"; }

wait_for_summaries() { # seconds [IDS...]: until every ticket (of the report, or IDS) has a summary
  local bound=$1
  shift
  local deadline=$((SECONDS + bound)) finished=0 total=0
  while ((SECONDS < deadline)); do
    read -r finished total < <(sandbox progress "$@")
    if ((total > 0 && finished == total)); then return 0; fi
    sleep 1
  done
  log "waited $bound s: $finished of $total tickets have their summary"
  return 1
}

# ---- 0. the jar

if [[ ! -f "$JAR" ]]; then
  log "building $JAR"
  ./mvnw -B -q -DskipTests -Dspotless.check.skip=true package -pl app -am
fi
log "work directory $WORK"
T0=$SECONDS

# Nothing may touch the real home or a developer's ledger.
export HOME="$WORK/home"
mkdir -p "$HOME"
unset DATABASE_URL TQD_PIPELINE DAEMON_DRY_RUN DAEMON_INTERVAL TEMPORAL_NAMESPACE || true
export TQD_EMBEDDED_PG_DIR="$WORK/pg"
TQD_EMBEDDED_PG_PORT="$(free_port)"
export TQD_EMBEDDED_PG_PORT
export CI="${CI:-true}"

# ---- 1. Temporal's standalone test server

TEMPORAL_PORT="$(free_port)"
start_java temporal -cp "$JAR" io.temporal.testserver.TestServer "$TEMPORAL_PORT"
if wait_for_port "$TEMPORAL_PORT" 60; then
  pass "Temporal test server listens on 127.0.0.1:$TEMPORAL_PORT (pid ${PIDS[temporal]})"
else
  die "Temporal test server did not start"
fi
export TEMPORAL_ADDRESS="127.0.0.1:$TEMPORAL_PORT"
# The test server never moves the workflow tasks queued for a dead worker's cached workflows (its
# "sticky" queue) back to the shared queue; a real Temporal server does within seconds. Without
# this, step 6 would leave the killed worker's tickets stuck for ever.
export TQD_STICKY_TIMEOUT=0

# ---- 2. the TDX sandbox

SANDBOX_PORT="$(free_port)"
start_java sandbox -jar "$JAR" sandbox --port "$SANDBOX_PORT" --tickets "$TICKETS" --seed "$SEED" \
  --limit-scale "$LIMIT_SCALE"
wait_for_line sandbox '^TDX_SANDBOX_URL=' 60 || die "the sandbox printed no settings"
while IFS='=' read -r key value; do
  case "$key" in
    TDX_* | DAEMON_REPORT_ID) export "$key=$value" ;;
  esac
done < <(grep -E '^[A-Z_]+=' "$WORK/sandbox.log")
check "sandbox on port $SANDBOX_PORT printed its settings (report $DAEMON_REPORT_ID)" \
  test -n "${TDX_BASE_URL:-}" -a -n "${TDX_BEID:-}" -a -n "${TDX_WEB_SERVICES_KEY:-}"
sandbox snapshot "$WORK/before.json"

# ---- 3. the worker and the daemon starter, separate processes sharing the embedded PostgreSQL

WORKER_METRICS="$(free_port)"
TQD_METRICS_PORT="$WORKER_METRICS" start_java worker -jar "$JAR" worker
if wait_for_line worker 'worker started' 120; then
  pass "worker started (pid ${PIDS[worker]}), ledger in the embedded PostgreSQL on port $TQD_EMBEDDED_PG_PORT"
else
  die "worker did not start"
fi

STARTER_METRICS="$(free_port)"
TQD_STARTER_METRICS_PORT="$STARTER_METRICS" start_java starter -jar "$JAR" run --daemon --interval "$INTERVAL"
if wait_for_line starter 'poll #1 ' 120; then
  pass "starter polls every $INTERVAL s (pid ${PIDS[starter]})"
else
  die "starter did not poll"
fi
check "starter shares the worker's embedded PostgreSQL" \
  grep -q 'using the embedded PostgreSQL of another tqd process' "$WORK/starter.log"

# ---- 4. the report is processed

if wait_for_summaries "$WAIT_BOUND"; then
  pass "all $TICKETS tickets have a summary comment after $((SECONDS - T0)) s"
else
  fail "not every ticket got its summary comment"
fi
check "every ticket has exactly the truth's assets and one summary comment" \
  sandbox verify "$WORK/before.json"

# ledger_check tickets: `tqd ledger stats` (a separate process sharing the embedded database) says
# every action of every ticket is completed or skipped, none failed or in progress.
ledger_check() {
  local tickets=$1 stats="$WORK/ledger-stats-$1.txt"
  java -jar "$JAR" ledger stats >"$stats" 2>"$WORK/ledger-stats-$1.log" </dev/null || true
  count() { awk -v s="$1" '$1 == s { print $2; found = 1; exit } END { if (!found) print 0 }' "$stats"; }
  local done_rows=$(($(count completed) + $(count skipped)))
  check "ledger stats: $done_rows rows completed or skipped = 3 actions x $tickets tickets; none failed or in progress" \
    test "$done_rows" -eq $((3 * tickets)) -a "$(count failed)" -eq 0 -a "$(count in_progress)" -eq 0
}
ledger_check "$TICKETS"

check "worker /health answers 200" \
  curl -fsS -o /dev/null "http://127.0.0.1:$WORKER_METRICS/health"
curl -fsS "http://127.0.0.1:$WORKER_METRICS/metrics" >"$WORK/metrics.txt" || true
check "worker /metrics has tqd_actions_total for completed summary comments" \
  grep -qE '^tqd_actions_total\{.*type="summary_comment".*\} [1-9]' "$WORK/metrics.txt"
check "worker /metrics has the Temporal SDK's metrics" \
  grep -q '^temporal_' "$WORK/metrics.txt"
check "worker /metrics counts TDX calls" \
  grep -q '^tqd_tdx_calls_total' "$WORK/metrics.txt"
check "starter /metrics counts polls" \
  bash -c "curl -fsS http://127.0.0.1:$STARTER_METRICS/metrics | grep -q '^tqd_poll'"

# ---- 5. tickets added while it runs are processed at the next poll

read -r -a ADDED < <(sandbox add 5)
sandbox snapshot "$WORK/before-added.json.tmp"
python3 - "$WORK/before.json" "$WORK/before-added.json.tmp" "${ADDED[@]}" <<'PY'
import json, sys
before = json.load(open(sys.argv[1])); now = json.load(open(sys.argv[2]))
for i in sys.argv[3:]:
    before[i] = now[i]
json.dump(before, open(sys.argv[1], "w"))
PY
if wait_for_summaries 60 "${ADDED[@]}"; then
  pass "5 tickets added to the report (${ADDED[*]}) were processed at the next poll"
else
  fail "the 5 added tickets were not processed"
fi
check "a poll started exactly the 5 added tickets" \
  grep -qE 'poll #[0-9]+ report [0-9]+: found 45 .*started 5,' "$WORK/starter.log"

# ---- 6. the worker is killed with SIGKILL in the middle of a batch

# 250 ms more per TDX call spreads the batch over seconds, so that it can be caught half-way.
sandbox faults '{"latencyMillis": 250}'
read -r -a BATCH < <(sandbox add 20)
sandbox snapshot "$WORK/before-batch.json.tmp"
python3 - "$WORK/before.json" "$WORK/before-batch.json.tmp" "${BATCH[@]}" <<'PY'
import json, sys
before = json.load(open(sys.argv[1])); now = json.load(open(sys.argv[2]))
for i in sys.argv[3:]:
    before[i] = now[i]
json.dump(before, open(sys.argv[1], "w"))
PY
killed=""
finished=0
total=0
deadline=$((SECONDS + 120))
while ((SECONDS < deadline)); do
  read -r finished total < <(sandbox progress "${BATCH[@]}")
  if ((finished >= 1 && finished < total)); then
    kill -KILL "${PIDS[worker]}"
    wait "${PIDS[worker]}" 2>/dev/null || true
    unset 'PIDS[worker]'
    killed="$finished of $total"
    break
  fi
  sleep 0.1
done
sandbox faults '{"latencyMillis": 0}'
if [[ -n "$killed" ]]; then
  pass "worker killed with SIGKILL while $killed tickets of the new batch were done"
else
  fail "could not catch the batch half-way ($finished of $total done)"
fi
WORKER_METRICS="$(free_port)"
TQD_METRICS_PORT="$WORKER_METRICS" start_java worker2 -jar "$JAR" worker
if wait_for_line worker2 'worker started' 120; then
  pass "a new worker started (pid ${PIDS[worker2]})"
else
  fail "the new worker did not start"
fi
KILLED_AT=$SECONDS
if wait_for_summaries "$WAIT_BOUND"; then
  pass "every ticket of the report has its summary $((SECONDS - KILLED_AT)) s after the new worker started"
else
  fail "tickets were lost after the kill"
fi
check "after the kill every ticket has exactly the truth's assets and exactly one summary comment" \
  sandbox verify "$WORK/before.json"
ledger_check $((TICKETS + 25))
check "the new worker's /health answers 200" \
  curl -fsS -o /dev/null "http://127.0.0.1:$WORKER_METRICS/health"

# ---- 7. SIGTERM stops the starter and the worker cleanly

stop_gracefully() { # name "log line"
  local name=$1 line=$2 pid=${PIDS[$1]:-} t=$SECONDS
  if [[ -z "$pid" ]] || ! kill -0 "$pid" 2>/dev/null; then
    fail "$name is not running, so it cannot be stopped with SIGTERM"
    return
  fi
  kill -TERM "$pid"
  if wait_for_exit "$pid" "$STOP_BOUND"; then
    unset "PIDS[$name]"
    if [[ $EXIT_STATUS -eq 0 || $EXIT_STATUS -eq 143 ]] && grep -q "$line" "$WORK/$name.log"; then
      pass "$name exited $((SECONDS - t)) s after SIGTERM with status $EXIT_STATUS, logging '$line'"
    else
      fail "$name exited with status $EXIT_STATUS; log line '$line' $(grep -q "$line" "$WORK/$name.log" && echo present || echo missing)"
    fi
  else
    fail "$name still running $STOP_BOUND s after SIGTERM"
  fi
}
stop_gracefully starter "Daemon shutdown complete"
stop_gracefully worker2 "Worker shutdown complete"

# ---- 8. bad input

# run_cli name expected-status pattern [env...] -- args...: a foreground tqd command; it must
# exit with the expected status and print a line matching the pattern, and (unless TRACE_OK=1)
# no stack trace.
TRACE='^\s+at [a-zA-Z_$.]+\(|^Caused by:|^[a-z]+(\.[a-zA-Z_$]+)+(Exception|Error)[:$ ]|Exception in thread'
run_cli() {
  local name=$1 expected=$2 pattern=$3
  shift 3
  local envs=()
  while [[ $1 != -- ]]; do
    envs+=("$1")
    shift
  done
  shift
  local status=0
  env "${envs[@]}" java -jar "$JAR" "$@" >"$WORK/$name.out" 2>&1 </dev/null || status=$?
  local problems=()
  [[ $status -eq $expected ]] || problems+=("exit status $status, expected $expected")
  grep -qE -- "$pattern" "$WORK/$name.out" || problems+=("no message matching '$pattern'")
  if [[ ${TRACE_OK:-} != 1 ]] && grep -qE "$TRACE" "$WORK/$name.out"; then
    problems+=("a stack trace was printed")
  fi
  if [[ ${#problems[@]} -eq 0 ]]; then
    pass "$name: exit $status, '$(grep -m1 -E -- "$pattern" "$WORK/$name.out" | cut -c1-150)'"
  else
    fail "$name: ${problems[*]}"
    sed 's/^/      /' "$WORK/$name.out" | head -20
  fi
}

cat >"$WORK/bad-pipeline.yaml" <<'YAML'
report_id: 1344
actions:
  - type: add_asset
  - type: add_assets
    params: { max_assets_to_add: 3 }
YAML
run_cli "malformed pipeline.yaml" 2 'bad-pipeline.yaml:4' -- run --pipeline "$WORK/bad-pipeline.yaml"
printf 'actions: [ { type: comment\n' >"$WORK/broken-pipeline.yaml"
run_cli "pipeline.yaml that is not YAML" 2 'broken-pipeline.yaml.*line [0-9]+|broken-pipeline.yaml:[0-9]+' \
  -- run --pipeline "$WORK/broken-pipeline.yaml"
run_cli "unknown flag" 2 "Unknown option: '--frobnicate'" -- run --frobnicate
run_cli "report without the ticket ID column" 2 "column.*Nope|Nope.*column" -- run --ticket-column Nope
check "report without the ticket ID column: the poll says so and starts nothing" \
  bash -c "grep -q 'configuration error' '$WORK/report without the ticket ID column.out' &&
    ! grep -qE 'started [1-9]' '$WORK/report without the ticket ID column.out'"
run_cli "unreachable TDX" 1 "127.0.0.1:1" TDX_BASE_URL=http://127.0.0.1:1/TDWebApi/api -- run
run_cli "unreachable Temporal" 1 "127.0.0.1:1" TEMPORAL_ADDRESS=127.0.0.1:1 -- run
TRACE_OK=1 run_cli "unreachable Temporal with --log-level DEBUG shows the stack trace" 1 '^\s+at ' \
  TEMPORAL_ADDRESS=127.0.0.1:1 -- run --log-level DEBUG

# ---- ./tqd's class-data archive: recorded on request (a demo in a clean environment), then used;
# in a copy of the launcher beside a copy of the jar, so the checkout's app/target is not touched.
LAUNCHER="$WORK/launcher"
mkdir -p "$LAUNCHER/app/target"
cp "$ROOT/tqd" "$LAUNCHER/tqd"
cp "$JAR" "$LAUNCHER/app/target/tqd.jar"
check "TQD_CDS=record ./tqd records app/target/tqd.jsa for a jar built by Maven" \
  bash -c "TQD_CDS=record '$LAUNCHER/tqd' --version >'$WORK/cds-record.log' 2>&1 &&
    [[ -s '$LAUNCHER/app/target/tqd.jsa' && '$LAUNCHER/app/target/tqd.jsa' -nt '$LAUNCHER/app/target/tqd.jar' ]]"
check "./tqd starts with the archive (classes from the shared objects file)" \
  bash -c "TQD_JAVA_OPTS=-Xlog:class+load=info '$LAUNCHER/tqd' --version 2>&1 | grep -q 'shared objects file (top)'"
check "TQD_CDS=off: ./tqd starts without it" \
  bash -c "! TQD_CDS=off TQD_JAVA_OPTS=-Xlog:class+load=info '$LAUNCHER/tqd' --version 2>&1 | grep -q 'shared objects file (top)'"
check "an archive older than the jar is left out, silently" \
  bash -c "touch '$LAUNCHER/app/target/tqd.jar' && out=\$('$LAUNCHER/tqd' --version 2>&1) && [[ \$out == 'tqd '* ]] &&
    ! TQD_JAVA_OPTS=-Xlog:class+load=info '$LAUNCHER/tqd' --version 2>&1 | grep -q 'shared objects file (top)'"

# ---- done

stop_all
# Every process tqd started (the embedded PostgreSQL included) must be gone with its owner. The
# work directory's name is unique, so a process naming it is one of ours; it is stopped by PID.
leftover="$(ps -eo pid=,args= | awk -v w="$WORK/" 'index($0, w) && !/awk/ { print }')"
if [[ -z "$leftover" ]]; then
  pass "no process of this run is left"
else
  fail "processes of this run are left: $leftover"
  while read -r pid _; do kill -INT "$pid" 2>/dev/null || true; done <<<"$leftover"
fi
if ((FAILURES == 0)); then
  log "all checks passed in $((SECONDS - T0)) s"
  exit 0
fi
log "$FAILURES check(s) failed in $((SECONDS - T0)) s"
exit 1
