#!/usr/bin/env bash
# Adversarial scenario "bad input": every kind of input an operator or a broken TDX can hand tqd,
# each run as its own `java -jar tqd.jar` process on loopback, as in production. For each case:
# a clear message (a pattern that names what is wrong; no secret quoted), the documented exit
# status (2 bad configuration or usage, 1 failure at run time, 0 for report rows that are skipped
# and counted), no stack trace, and nothing written to TDX (the sandbox's and the stub's call logs
# show no write) or to the ledger (no rows at the end).
#
# Cases: DATABASE_URL passwords with '/', '?' and '@', an upper-case PASSWORD= in a jdbc: URL
# (defect 6); --log-level TRACE and other unknown levels (defect 7); out-of-range options and
# settings, TEMPORAL_TLS=maybe, negative ticket IDs, a NUL in comment_text (defect 8); malformed
# pipeline files of several kinds; a report without the TicketID column, with non-numeric and with
# duplicate ticket IDs; TDX answering malformed JSON, an HTML error page, an HTML page with 200,
# and an HTML page to the login.
#
# Processes: Temporal's standalone test server, the TDX sandbox, a worker (it also holds the
# embedded PostgreSQL the commands share), and a python3 stub of a broken TDX (tdx_stub.py). All
# are stopped on exit. Prints one PASS/FAIL line per case, then exactly one line
#   SCENARIO bad-input: cases=N unclear_message=0 wrong_exit=0 stack_traces=0 writes=0
# (the counts of failures) and exits non-zero when any count is not zero.
#
# Needs a JDK 17+, python3 and curl; uses app/target/tqd.jar (built when missing). Run from the
# repository root: bash .ci/adversarial/bad-input.sh. TQD_ADVERSARIAL_KEEP=1 keeps the logs.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
HERE="$ROOT/.ci/adversarial"
JAR="$ROOT/app/target/tqd.jar"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/tqd-bad-input.XXXXXX")"
declare -A PIDS=()
CASES=0 UNCLEAR=0 WRONG_EXIT=0 TRACES=0 WRITES=0 BROKEN=0

log() { printf '%s bad-input: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

stop_all() {
  local name pid
  for name in "${!PIDS[@]}"; do kill -TERM "${PIDS[$name]}" 2>/dev/null || true; done
  for name in "${!PIDS[@]}"; do
    pid="${PIDS[$name]}"
    for _ in $(seq 1 100); do
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
  # The embedded PostgreSQL is the worker's child; had the worker died without stopping it, it
  # would name the work directory: stop it by PID.
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

wait_for_line() { # name pattern seconds
  local deadline=$((SECONDS + $3))
  while ((SECONDS < deadline)); do
    if grep -q -- "$2" "$WORK/$1.log" 2>/dev/null; then return 0; fi
    kill -0 "${PIDS[$1]}" 2>/dev/null || return 1
    sleep 0.2
  done
  return 1
}

start_bg() { # name command...: in the background, $! the process itself
  local name=$1
  shift
  "$@" >"$WORK/$name.log" 2>&1 &
  PIDS[$name]=$!
}

die() {
  log "$*"
  for f in "$WORK"/*.log; do
    [[ -f $f ]] && { printf '\n----- %s -----\n' "$(basename "$f")" >&2; tail -n 30 "$f" >&2; }
  done
  echo "SCENARIO bad-input: cases=$CASES unclear_message=$UNCLEAR wrong_exit=$WRONG_EXIT stack_traces=$TRACES writes=$WRITES"
  exit 1
}

# ---- the processes

if [[ ! -f "$JAR" ]]; then
  log "building $JAR"
  ./mvnw -B -q -DskipTests -Dspotless.check.skip=true package -pl app -am >&2
fi
export HOME="$WORK/home"
mkdir -p "$HOME"
cd "$WORK" # no .env of the developer's is read
unset DATABASE_URL TQD_PIPELINE DAEMON_DRY_RUN DAEMON_INTERVAL TEMPORAL_NAMESPACE TEMPORAL_TLS \
  TQD_METRICS_PORT TQD_STARTER_METRICS_PORT TDX_USERNAME TDX_PASSWORD TDX_API_TOKEN || true
export TQD_EMBEDDED_PG_DIR="$WORK/pg"
TQD_EMBEDDED_PG_PORT="$(free_port)"
export TQD_EMBEDDED_PG_PORT

TEMPORAL_PORT="$(free_port)"
start_bg temporal java -cp "$JAR" io.temporal.testserver.TestServer "$TEMPORAL_PORT"
SANDBOX_PORT="$(free_port)"
start_bg sandbox java -jar "$JAR" sandbox --port "$SANDBOX_PORT" --tickets 5 --seed 11
STUB_PORT="$(free_port)"
echo ok-empty >"$WORK/stub-mode"
: >"$WORK/stub-calls.log"
start_bg stub python3 "$HERE/tdx_stub.py" "$STUB_PORT" "$WORK/stub-mode" "$WORK/stub-calls.log"

wait_for_port "$TEMPORAL_PORT" 60 || die "the Temporal test server did not start"
wait_for_line sandbox '^TDX_SANDBOX_URL=' 60 || die "the sandbox printed no settings"
wait_for_port "$STUB_PORT" 20 || die "the TDX stub did not start"
declare -A SANDBOX_ENV=()
while IFS='=' read -r key value; do
  case "$key" in TDX_* | DAEMON_REPORT_ID) SANDBOX_ENV[$key]=$value ;; esac
done < <(grep -E '^[A-Z_]+=' "$WORK/sandbox.log")
SANDBOX_URL="${SANDBOX_ENV[TDX_SANDBOX_URL]}"
export TEMPORAL_ADDRESS="127.0.0.1:$TEMPORAL_PORT"

sandbox_env() { for k in "${!SANDBOX_ENV[@]}"; do printf '%s=%s\n' "$k" "${SANDBOX_ENV[$k]}"; done; }
mapfile -t SANDBOX_VARS < <(sandbox_env)
# The stub accepts any credentials: a fresh random pair per run, so none is written down here.
STUB_BEID="$(python3 -c 'import uuid; print(uuid.uuid4())')"
STUB_WS_KEY="$(python3 -c 'import uuid; print(uuid.uuid4())')"
STUB_VARS=("TDX_BASE_URL=http://127.0.0.1:$STUB_PORT/TDWebApi/api" "TDX_APP_ID=48"
  "TDX_TICKET_APP_ID=46" "TDX_BEID=$STUB_BEID" "TDX_WEB_SERVICES_KEY=$STUB_WS_KEY"
  "DAEMON_REPORT_ID=1344")

# The worker serves the dry runs of the duplicate-ID case (against the sandbox) and holds the
# embedded PostgreSQL that every command of this scenario shares.
WORKER_METRICS="$(free_port)"
start_bg worker env "${SANDBOX_VARS[@]}" TQD_METRICS_PORT="$WORKER_METRICS" TQD_STICKY_TIMEOUT=0 \
  java -jar "$JAR" worker
wait_for_line worker 'worker started' 120 || die "the worker did not start"
log "test server :$TEMPORAL_PORT, sandbox :$SANDBOX_PORT, stub :$STUB_PORT, worker pid ${PIDS[worker]}"

# ---- checks of one case

TRACE='^\s+at [a-zA-Z_$.]+\(|^Caused by:|^[a-z]+(\.[a-zA-Z_$]+)+(Exception|Error)[:$ ]|Exception in thread|^\s+\.\.\. [0-9]+ more'

# Writes TDX has seen so far: the sandbox's POST/PUT/PATCH/DELETE calls other than logins and
# searches, plus the stub's.
tdx_writes() {
  local sandbox stub
  sandbox="$(curl -fsS "$SANDBOX_URL/calls" | python3 -c '
import json, sys
calls = json.load(sys.stdin)
calls = calls.get("calls", calls)
print(sum(n for t, n in calls.items() if not t.startswith("GET ")
          and not t.split(" ", 1)[1].startswith("auth") and not t.endswith("search")))')"
  stub="$(grep -cvE '^(GET |POST /[^ ]*/auth/)' "$WORK/stub-calls.log" || true)"
  echo $((sandbox + stub))
}

# case NAME EXPECTED_EXIT PATTERN [FORBIDDEN] -- [VAR=value...] -- ARGS...
#   Runs `java -jar tqd.jar ARGS` with the variables, and checks the exit status, that a line
#   matches PATTERN (extended regex), that nothing matches FORBIDDEN (e.g. a secret; "" for none),
#   that no stack trace was printed, and that TDX saw no write.
case_() {
  local name=$1 expected=$2 pattern=$3 forbidden=""
  shift 3
  if [[ $1 != -- ]]; then
    forbidden=$1
    shift
  fi
  shift # --
  local vars=()
  while [[ $1 != -- ]]; do
    vars+=("$1")
    shift
  done
  shift
  CASES=$((CASES + 1))
  local out="$WORK/case-$CASES.out" before status=0 problems=()
  before="$(tdx_writes)"
  env "${vars[@]}" timeout 90 java -jar "$JAR" "$@" >"$out" 2>&1 </dev/null || status=$?
  if [[ $status -ne $expected ]]; then
    WRONG_EXIT=$((WRONG_EXIT + 1))
    problems+=("exit $status, expected $expected")
  fi
  if ! grep -qE -- "$pattern" "$out"; then
    UNCLEAR=$((UNCLEAR + 1))
    problems+=("no line matches '$pattern'")
  elif [[ -n $forbidden ]] && grep -qE -- "$forbidden" "$out"; then
    UNCLEAR=$((UNCLEAR + 1))
    problems+=("the output quotes '$forbidden'")
  fi
  if grep -qE "$TRACE" "$out"; then
    TRACES=$((TRACES + 1))
    problems+=("a stack trace was printed")
  fi
  local written=$(($(tdx_writes) - before))
  if ((written > 0)); then
    WRITES=$((WRITES + 1))
    problems+=("$written write(s) reached TDX")
  fi
  if ((${#problems[@]} == 0)); then
    printf 'PASS  %-44s exit %d: %s\n' "$name" "$status" "$(grep -m1 -E -- "$pattern" "$out" | cut -c1-140)"
  else
    printf 'FAIL  %-44s %s\n' "$name" "$(IFS=';'; echo "${problems[*]}")"
    sed 's/^/        /' "$out" | head -15
  fi
}

stub_mode() { echo "$1" >"$WORK/stub-mode"; }

# ---- defect 6: DATABASE_URL passwords never printed

case_ "DATABASE_URL password with / and ?, bad port" 2 "DATABASE_URL .*port '99999'" 'Sx9|Fk\+2|Qa==' -- \
  "DATABASE_URL=postgresql://tqd:Sx9/Fk+2?Qa==@127.0.0.1:99999/ledger" -- ledger stats
case_ "DATABASE_URL password with / and ?, no server" 1 'cannot use the ledger database postgresql://tqd:\*\*\*@127\.0\.0\.1:1/ledger' 'Sx9|Fk\+2|Qa==' -- \
  "DATABASE_URL=postgresql://tqd:Sx9/Fk+2?Qa==@127.0.0.1:1/ledger" -- ledger stats
case_ "jdbc: URL with PASSWORD=, bad port" 2 "DATABASE_URL .*port 'abc'" 'Hx7|Pq\?9' -- \
  "DATABASE_URL=jdbc:postgresql://127.0.0.1:abc/ledger?user=tqd&PASSWORD=Hx7/Pq?9" -- ledger stats
case_ "jdbc: URL with PASSWORD=, no server" 1 'cannot use the ledger database jdbc:postgresql://127\.0\.0\.1:1/ledger\?user=tqd&password=\*\*\*' 'Hx7|Pq' -- \
  "DATABASE_URL=jdbc:postgresql://127.0.0.1:1/ledger?user=tqd&PASSWORD=Hx7/Pq%3F9" -- ledger stats
case_ "DATABASE_URL password with an unescaped @" 2 "write '@' as %40" 'Rk@8|8/Zz|Zz@' -- \
  "DATABASE_URL=postgresql://tqd:Rk@8/Zz@127.0.0.1/ledger" -- ledger stats

# ---- defect 7: levels

case_ "--log-level TRACE" 2 "--log-level must be one of DEBUG, INFO, WARNING" -- -- pipeline show --log-level TRACE
case_ "--log-level loud" 2 "--log-level must be one of .* got 'loud'" -- -- run --log-level loud

# ---- defect 8: values refused up front

case_ "--wait-timeout -1" 2 '--wait-timeout must be a positive number of seconds, got -1' -- "${STUB_VARS[@]}" -- \
  run --wait --wait-timeout -1
case_ "--ticket-column ''" 2 '--ticket-column must not be empty' -- "${STUB_VARS[@]}" -- run --ticket-column ""
case_ "--max-runs-before-park 0" 2 '--max-runs-before-park must be at least 1, got 0' -- "${STUB_VARS[@]}" -- \
  worker --max-runs-before-park 0
# The starter's metrics port is its own setting (TQD_METRICS_PORT is the worker's, and run does not read it).
case_ "TQD_STARTER_METRICS_PORT=99999 (run)" 2 'TQD_STARTER_METRICS_PORT must be a port from 1 to 65535.*99999' -- \
  "${STUB_VARS[@]}" TQD_STARTER_METRICS_PORT=99999 -- run --daemon
case_ "TQD_METRICS_PORT=99999 (worker)" 2 'TQD_METRICS_PORT must be a port from 1 to 65535.*99999' -- \
  "${STUB_VARS[@]}" TQD_METRICS_PORT=99999 -- worker
case_ "TEMPORAL_TLS=maybe (run)" 2 "TEMPORAL_TLS must be true or false, got 'maybe'" -- "${STUB_VARS[@]}" TEMPORAL_TLS=maybe -- run
case_ "TEMPORAL_TLS=maybe (worker)" 2 "TEMPORAL_TLS must be true or false, got 'maybe'" -- "${STUB_VARS[@]}" TEMPORAL_TLS=maybe -- worker
case_ "tqd cancel -1" 2 'TICKET_ID must be a TDX ticket ID .*got -1' -- -- cancel -1
case_ "tqd retry 0" 2 'TICKET_ID must be a TDX ticket ID .*got 0' -- "${STUB_VARS[@]}" -- retry 0
case_ "tqd ledger ticket -5" 2 'TICKET_ID must be a TDX ticket ID .*got -5' -- -- ledger ticket -5

printf 'actions:\n  - type: add_asset\n  - type: comment\n    params: { comment_text: "Hello\\0World" }\n' >"$WORK/nul.yaml"
case_ "comment_text with NUL (validate)" 2 'nul.yaml:4: actions\[1\]\.params\.comment_text: contains a NUL character' -- -- \
  pipeline validate --pipeline "$WORK/nul.yaml"
case_ "comment_text with NUL (run)" 2 'nul.yaml:4: actions\[1\]\.params\.comment_text: contains a NUL character' -- "${STUB_VARS[@]}" -- \
  run --pipeline "$WORK/nul.yaml"
cat >"$WORK/nul-elsewhere.yaml" <<'YAML'
actions:
  - type: change_status
    params: { new_status_id: 117, comment_text: "moved\x00" }
    when: { title_matches: "a\0b" }
YAML
case_ "NUL in change_status and when" 2 'nul-elsewhere.yaml:3: actions\[0\]\.params\.comment_text: contains a NUL' -- -- \
  pipeline validate --pipeline "$WORK/nul-elsewhere.yaml"

# ---- malformed pipeline files

printf 'report_id: 1344\nactions:\n  - type: add_asset\n  - type: add_assets\n' >"$WORK/unknown-type.yaml"
case_ "pipeline: unknown action type" 2 "unknown-type.yaml:4: actions\[1\]\.type: .*add_assets" -- -- pipeline validate --pipeline "$WORK/unknown-type.yaml"
printf 'actions: [ { type: comment\n' >"$WORK/not-yaml.yaml"
case_ "pipeline: not YAML" 2 'not-yaml.yaml:[0-9]+|not-yaml.yaml.*line [0-9]+' -- -- pipeline validate --pipeline "$WORK/not-yaml.yaml"
printf 'actions:\n  - type: add_asset\n    params: { max_assets_to_add: "ten" }\n' >"$WORK/wrong-type.yaml"
case_ "pipeline: wrong parameter type" 2 'wrong-type.yaml:3: actions\[0\]\.params\.max_assets_to_add: expected an integer' -- -- \
  pipeline validate --pipeline "$WORK/wrong-type.yaml"
printf 'actions:\n  - type: comment\n    params: { comment_text: "Hi" }\n  - type: comment\n    params: { comment_text: "Hi" }\n' >"$WORK/duplicate.yaml"
case_ "pipeline: duplicate action" 2 'duplicate.yaml:[0-9]+: .*(duplicate|twice|same)' -- -- pipeline validate --pipeline "$WORK/duplicate.yaml"
printf 'actions:\n  - type: comment\n' >"$WORK/missing.yaml"
case_ "pipeline: missing required parameter" 2 'missing.yaml:[0-9]+: actions\[0\].*comment_text.*required' -- -- \
  pipeline validate --pipeline "$WORK/missing.yaml"
: >"$WORK/empty.yaml"
case_ "pipeline: empty file" 2 'empty.yaml' -- "${STUB_VARS[@]}" -- run --pipeline "$WORK/empty.yaml"
printf -- '- add_asset\n- comment\n' >"$WORK/list.yaml"
case_ "pipeline: a list, not a mapping" 2 'list.yaml:1: .*mapping' -- -- pipeline validate --pipeline "$WORK/list.yaml"
printf 'actions:\n  - type: add_asset\x00\n' >"$WORK/nul-byte.yaml"
case_ "pipeline: a raw NUL byte in the file" 2 'nul-byte.yaml' -- -- pipeline validate --pipeline "$WORK/nul-byte.yaml"
case_ "pipeline: no such file" 2 'no-such.yaml' -- -- pipeline validate --pipeline "$WORK/no-such.yaml"

# ---- the report

stub_mode no-ticket-column
case_ "report without a TicketID column" 2 "has no column 'TicketID'.*No workflow was started" -- "${STUB_VARS[@]}" -- run
stub_mode non-numeric-ids
case_ "report with non-numeric ticket IDs" 0 'found 0 \(rows 6, without ID 6, duplicates 0\), started 0' -- "${STUB_VARS[@]}" -- run
read -r A B < <(curl -fsS "$SANDBOX_URL/report" | python3 -c 'import json,sys; t=json.load(sys.stdin)["ticketIds"]; print(t[0], t[1])')
curl -fsS -o /dev/null -H 'Content-Type: application/json' -d "{\"ticketIds\": [$A, $B, $A, $A]}" "$SANDBOX_URL/report"
case_ "report with duplicate ticket IDs (dry run)" 0 'found 2 \(rows 4, without ID 0, duplicates 2\), started 2' -- "${SANDBOX_VARS[@]}" -- \
  run --dry-run --wait --wait-timeout 120

# ---- TDX answering what it should not

stub_mode malformed-json
case_ "TDX answers malformed JSON" 1 'GET reports/\{id\}.*not the expected JSON' -- "${STUB_VARS[@]}" -- run
stub_mode html-error
case_ "TDX answers an HTML error page" 1 'GET reports/\{id\}.*500' '<html|<body|DOCTYPE' -- "${STUB_VARS[@]}" -- run
stub_mode html-ok
case_ "TDX answers 200 with an HTML page" 1 'GET reports/\{id\}.*not the expected JSON' '<html|<body|DOCTYPE' -- "${STUB_VARS[@]}" -- run
stub_mode login-html
case_ "TDX login answers an HTML page" 1 'auth/loginadmin.*502' '<html|<body|DOCTYPE' -- "${STUB_VARS[@]}" -- run
stub_mode ok-empty

# ---- nothing reached the ledger

java -jar "$JAR" ledger stats >"$WORK/ledger-stats.txt" 2>&1 </dev/null || BROKEN=1
ROWS="$(awk '/^Total actions:/ { print $3 }' "$WORK/ledger-stats.txt")"
if [[ $BROKEN -ne 0 || -z $ROWS ]]; then
  log "tqd ledger stats failed:"
  cat "$WORK/ledger-stats.txt" >&2
  WRITES=$((WRITES + 1))
elif ((ROWS > 0)); then
  printf 'FAIL  %-44s %s\n' "ledger" "$ROWS row(s) were written"
  WRITES=$((WRITES + ROWS))
else
  printf 'PASS  %-44s %s\n' "ledger" "no rows after $CASES cases"
fi

stop_all
echo "SCENARIO bad-input: cases=$CASES unclear_message=$UNCLEAR wrong_exit=$WRONG_EXIT stack_traces=$TRACES writes=$WRITES"
if ((UNCLEAR + WRONG_EXIT + TRACES + WRITES > 0)); then
  exit 1
fi
