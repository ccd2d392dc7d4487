#!/usr/bin/env bash
# tqd benchmarks against the TDX sandbox. Each scenario prints its numbers; see bench/README.md.
#
#   bench/run.sh all [options]        every scenario in one run (drain, baseline, calls_per_ticket,
#                                     repoll, overhead, memory): writes bench/results/latest.json
#                                     and prints one table (~20 minutes; options: --drain-tickets
#                                     2000 --window 10 --baseline-tickets 150 --calls-tickets 60
#                                     --repoll-tickets 10000 --overhead-tickets 300
#                                     --overhead-warmup 100 --cold-tickets 60
#                                     --worker-opts "-Xmx256m")
#   bench/run.sh pipeline [options]   throughput vs the rate-limit bound, TDX calls per ticket
#                                     (in-process; options: --tickets 300 --window 6 --rate 4
#                                     --tdx-concurrency 8 --queue-rate worker|server
#                                     --pipeline standard|asset-summary --repolls N)
#   bench/run.sh calls [options]      TDX calls per ticket by add_asset phase, one ticket at a time
#                                     (--tickets 60 --pipeline standard|asset-summary)
#   bench/run.sh repoll [options]     cost of polling a processed report
#                                     (--tickets 300 --fill run|ledger --polls 5)
#   bench/run.sh overhead [options]   tickets per second with limits off: tqd against the in-process
#                                     and the standalone test server, the Java daemon model with
#                                     and without its state store, and the Python daemon model
#                                     (bench/daemon_model.py: python3 with requests, and psycopg2
#                                     for its state store), each after a warm-up queue
#                                     (--overhead-tickets 300 --overhead-warmup 100); and cold:
#                                     `java -jar tqd.jar run --wait` and the Python model each
#                                     as a fresh process on a fresh queue, launch to exit
#                                     (--cold-tickets 60); writes
#                                     bench/results/overhead.json
#   bench/run.sh memory               worker memory: test server, sandbox, worker and `tqd run
#                                     --wait` as separate JVMs (settings: TICKETS=1000,
#                                     WORKER_OPTS="", SAMPLE_SECONDS=10)
#
# Builds app/target/tqd.jar and the bench classes first when missing or older than the sources.
# `all` and `overhead` install Debian's python3-psycopg2 (the Python model's state store) when
# running as root with apt-get and it is missing; without it the Python model runs its TDX calls
# only and says so in the results.
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
  # The class-data archive ./tqd records after a build, so that the cold reading starts tqd as
  # ./tqd does (the JVM ignores an archive older than the jar).
  TQD_CDS=record ./tqd --version >/dev/null
}

# The Python daemon model's state store needs psycopg2: Debian's package, when root can install it.
python_state_store() {
  local py=/usr/bin/python3
  [[ -x "$py" ]] || py="$(command -v python3 || true)"
  [[ -n "$py" ]] || return 0
  "$py" -c 'import psycopg2' 2>/dev/null && return 0
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
    echo "bench: installing python3-psycopg2 for the Python daemon model's state store..." >&2
    if ! { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-psycopg2 >/dev/null 2>&1 \
      || { apt-get update -qq >/dev/null 2>&1 \
        && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-psycopg2 >/dev/null 2>&1; }; }; then
      echo "bench: python3-psycopg2 not installed; the Python model runs without its state store" >&2
    fi
  fi
  return 0
}

in_process() {
  build
  # The quick (C1) JIT only, as ./tqd, the systemd units and the image run tqd (README, Performance);
  # BENCH_OPTS="-XX:TieredStopAtLevel=4" measures with the optimizing compiler.
  exec java -XX:TieredStopAtLevel=1 ${BENCH_OPTS:-} -Dlogback.configurationFile=bench/src/main/resources/logback.xml \
    -cp "bench/target/classes:$(cat bench/target/classpath.txt)" org.tqd.bench.Bench "$@"
}

case "$scenario" in
  all) python_state_store; in_process all "$@" ;;
  pipeline | calls | repoll) in_process "$scenario" "$@" ;;
  overhead)
    python_state_store
    in_process all --scenarios overhead --out bench/results/overhead.json "$@"
    ;;
  memory) build; exec bench/memory.sh "$@" ;;
  *)
    sed -n '2,36p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
