#!/usr/bin/env bash
# Worker memory, each part in its own JVM as in production: Temporal's test server, the TDX sandbox
# (`tqd sandbox`, limits off), the worker (`tqd worker`, which also runs the embedded PostgreSQL as
# child processes, not counted in its RSS) and the starter (`tqd run --wait`). Samples the worker's
# RSS (/proc/PID/status) and heap (jcmd GC.heap_info, before and after a full GC.run) every
# SAMPLE_SECONDS while the tickets are processed, then right after and 30 s after.
#
# Run through bench/run.sh memory (which builds app/target/tqd.jar). Settings (environment):
# TICKETS (1000), SAMPLE_SECONDS (10), WORKER_OPTS (JVM options of the worker; default none; with
# -XX:NativeMemoryTracking=summary it also prints the JVM's committed memory by area).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/app/target/tqd.jar"
tickets="${TICKETS:-1000}"
every="${SAMPLE_SECONDS:-10}"
worker_opts="${WORKER_OPTS:-}"

work="$(mktemp -d)"
started=()
cleanup() {
  local pid
  for ((i = ${#started[@]} - 1; i >= 0; i--)); do
    pid="${started[$i]}"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
wait_for() { # wait_for SECONDS DESCRIPTION COMMAND...
  local seconds="$1" what="$2"; shift 2
  for _ in $(seq 1 $((seconds * 5))); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  echo "memory: $what did not come up in $seconds s" >&2
  exit 1
}
mb() { awk -v kb="$1" 'BEGIN { printf "%.0f MB", kb / 1024 }'; }
heap_used_kb() { # the "used" figure of the whole heap, in KB
  jcmd "$1" GC.heap_info 2>/dev/null |
    awk '/total/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i+1); sub("K", "", v); print v; exit } }'
}
proc_kb() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }
sample() { # sample LABEL
  local used after
  used="$(heap_used_kb "$worker")"
  jcmd "$worker" GC.run >/dev/null
  after="$(heap_used_kb "$worker")"
  printf '%-22s RSS %7s (peak %7s)  heap used %7s, after GC %7s  threads %s\n' "$1" \
    "$(mb "$(proc_kb "$worker" VmRSS)")" "$(mb "$(proc_kb "$worker" VmHWM)")" \
    "$(mb "$used")" "$(mb "$after")" "$(proc_kb "$worker" Threads)"
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

tport="$(free_port)"
java -XX:TieredStopAtLevel=1 -cp "$jar" io.temporal.testserver.TestServer "$tport" >"$work/temporal.log" 2>&1 &
started+=($!)
wait_for 60 "the Temporal test server" bash -c "exec 3<>/dev/tcp/127.0.0.1/$tport"

java -jar "$jar" sandbox --port 0 --tickets "$tickets" --no-limits >"$work/sandbox.env" 2>"$work/sandbox.err" &
started+=($!)
wait_for 120 "the TDX sandbox" grep -q '^TDX_SANDBOX_URL=' "$work/sandbox.env"

set -a
# shellcheck disable=SC1091
source <(grep -E '^(TDX_[A-Z_]+|DAEMON_REPORT_ID)=' "$work/sandbox.env" | grep -v '^TDX_SANDBOX_URL=')
TEMPORAL_ADDRESS="127.0.0.1:$tport"
TQD_EMBEDDED_PG_DIR="$work/pg"
TQD_EMBEDDED_PG_PORT="$(free_port)"
TQD_METRICS_PORT="$(free_port)"
set +a

# From $work, so that no .env file is read.
(cd "$work" && exec java -XX:TieredStopAtLevel=1 $worker_opts -jar "$jar" worker --log-level WARNING >"$work/worker.log" 2>&1) &
worker=$!
started+=("$worker")
t0=$(date +%s)
wait_for 120 "the worker" curl -sf "http://127.0.0.1:$TQD_METRICS_PORT/health"
echo "worker: pid $worker, ready in $(( $(date +%s) - t0 )) s; JVM options '${worker_opts}';" \
  "max heap $(jcmd "$worker" VM.flags | tr ' ' '\n' | awk -F= '/MaxHeapSize/ { printf "%.0f MB", $2/1048576; exit }')"
sample "idle, before"

t0=$(date +%s)
(cd "$work" && DATABASE_URL="jdbc:postgresql://127.0.0.1:$TQD_EMBEDDED_PG_PORT/tqd?user=postgres" \
  TQD_METRICS_PORT=-1 exec java -XX:TieredStopAtLevel=1 -jar "$jar" run --wait --log-level WARNING >"$work/run.log" 2>&1) &
runner=$!
started+=("$runner")
while kill -0 "$runner" 2>/dev/null; do
  sleep "$every"
  kill -0 "$runner" 2>/dev/null || break
  sample "processing, $(( $(date +%s) - t0 )) s"
done
wait "$runner" && status=0 || status=$?
elapsed=$(( $(date +%s) - t0 ))
echo "tqd run --wait: exit $status after $elapsed s: $(grep -E '^[0-9]+ tickets' "$work/run.log" | tail -1)"
[[ $status -eq 0 ]] || tail -5 "$work/run.log"
sample "right after"
if [[ "$worker_opts" == *NativeMemoryTracking* ]]; then
  # Committed memory by JVM area (Java Heap, Metaspace, Thread = stacks, Code, GC, ...).
  echo "native memory, committed, right after: $(jcmd "$worker" VM.native_memory summary | awk '
    /^- +[A-Z].*\(reserved=[0-9]+KB, committed=[0-9]+KB\)/ {
      name = $0; sub(/^- +/, "", name); sub(/ \(reserved.*/, "", name)
      c = $0; sub(/.*committed=/, "", c); sub(/KB.*/, "", c)
      if (c + 0 >= 1024) { printf "%s%s %.0f MB", sep, name, c / 1024; sep = ", " }
    }')"
fi
sleep 30
sample "idle, 30 s after"
echo "Temporal test server RSS: $(mb "$(proc_kb "${started[0]}" VmRSS)"); sandbox RSS: $(mb "$(proc_kb "${started[1]}" VmRSS)")"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
