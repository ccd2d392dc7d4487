#!/usr/bin/env bash
# tqd benchmarks against the TDX sandbox. Each scenario prints its numbers; see bench/README.md.
#
#   bench/run.sh all [options]        every scenario in one run (drain, baseline, calls_per_ticket,
#                                     repoll, overhead, memory): writes bench/results/latest.json
#                                     and prints one table (~20 minutes; options: --drain-tickets
#                                     2000 --window 10 --baseline-tickets 150 --calls-tickets 60
#                                     --repoll-tickets 10000 --overhead-tickets 300 --worker-opts
#                                     "-Xmx256m")
#   bench/run.sh pipeline [options]   throughput vs the rate-limit bound, TDX calls per ticket
#                                     (in-process; options: --tickets 300 --window 6 --rate 4
#                                     --tdx-concurrency 8 --queue-rate worker|server
#                                     --pipeline standard|asset-summary --repolls N)
#   bench/run.sh calls [options]      TDX calls per ticket by add_asset phase, one ticket at a time
#                                     (--tickets 60 --pipeline standard|asset-summary)
#   bench/run.sh repoll [options]     cost of polling a processed report
#                                     (--tickets 300 --fill run|ledger --polls 5)
#   bench/run.sh overhead [options]   tickets per second with limits off: tqd against the in-process
#                                     and the standalone test server, the daemon model with and
#                                     without its state store (--overhead-tickets 300); writes
#                                     bench/results/overhead.json
#   bench/run.sh memory               worker memory: test server, sandbox, worker and `tqd run
#                                     --wait` as separate JVMs (settings: TICKETS=1000,
#                                     WORKER_OPTS="", SAMPLE_SECONDS=10)
#
# Builds app/target/tqd.jar and the bench classes first when missing or older than the sources.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

scenario="${1:-}"
[[ -n "$scenario" ]] && shift

build() {
  local stamp="bench/target/classpath.txt"
  if [[ ! -f "$stamp" || ! -f app/target/tqd.jar ]] \
    || [[ -n "$(find . -path './*/src/main/*' -newer "$stamp" -print -quit 2>/dev/null)" ]] \
    || [[ -n "$(find . -maxdepth 2 -name pom.xml -newer "$stamp" -print -quit 2>/dev/null)" ]]; then
    echo "bench: building tqd.jar and the bench classes..." >&2
    ./mvnw -B -q -DskipTests -Dspotless.check.skip=true -pl bench -am package \
      dependency:build-classpath -Dmdep.outputFile=target/classpath.txt \
      -Dmdep.includeScope=runtime >&2
    touch "$stamp"
  fi
}

in_process() {
  build
  exec java ${BENCH_OPTS:-} -Dlogback.configurationFile=bench/src/main/resources/logback.xml \
    -cp "bench/target/classes:$(cat bench/target/classpath.txt)" org.tqd.bench.Bench "$@"
}

case "$scenario" in
  all | pipeline | calls | repoll) in_process "$scenario" "$@" ;;
  overhead) in_process all --scenarios overhead --out bench/results/overhead.json "$@" ;;
  memory) build; exec bench/memory.sh "$@" ;;
  *)
    sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
