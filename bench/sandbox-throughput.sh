#!/usr/bin/env bash
# Measures the TDX sandbox on loopback: requests per second for concurrent GET tickets/{id} with rate
# limits off, and the server's heap with 10,000 tickets under -Xmx256m (used heap after a full GC,
# read with jcmd, once after start-up and once after the load).
#
# The server and the load generator run in separate JVMs on the same machine and share its cores.
#
# Settings (environment): TICKETS (10000), CONCURRENCY (32), DURATION (20 s), WARMUP (5 s), XMX (256m).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
tickets="${TICKETS:-10000}"
concurrency="${CONCURRENCY:-32}"
seconds="${DURATION:-20}"
warmup="${WARMUP:-5}"
xmx="${XMX:-256m}"

echo "building bench and sandbox..." >&2
./mvnw -B -q -DskipTests -Dspotless.check.skip=true -pl bench -am package \
  dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime >&2
cp="bench/target/classes:$(cat bench/target/classpath.txt)"

work="$(mktemp -d)"
trap 'kill "${server:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT

start_ns=$(date +%s%N)
java -Xmx"$xmx" -cp "$cp" org.tqd.sandbox.SandboxMain \
  --tickets "$tickets" --no-limits --port 0 >"$work/sandbox.env" 2>"$work/sandbox.err" &
server=$!
until grep -q '^TDX_SANDBOX_URL=' "$work/sandbox.env" 2>/dev/null; do
  if ! kill -0 "$server" 2>/dev/null; then
    echo "sandbox failed to start:" >&2; cat "$work/sandbox.err" >&2; exit 1
  fi
  sleep 0.2
done
ready_ms=$(( ($(date +%s%N) - start_ns) / 1000000 ))

heap_used() {
  jcmd "$server" GC.run >/dev/null
  jcmd "$server" GC.heap_info | awk '/total/ { for (i = 1; i <= NF; i++) if ($i == "used") { print $(i+1); exit } }'
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "sandbox: $tickets tickets, -Xmx$xmx, ready in $ready_ms ms (JVM start, generation, server start)"
echo "heap used after GC, idle: $(heap_used)"
java -cp "$cp" org.tqd.bench.SandboxLoad "$work/sandbox.env" "$concurrency" "$seconds" "$warmup" "$server"
echo "heap used after GC, after load: $(heap_used)"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
kill "$server"
wait "$server" || true
