#!/usr/bin/env bash
# The adversarial suite (issue 8): runs every scenario in .ci/adversarial/*.sh, one after the other
# (each brings up its own Temporal test server, TDX sandbox, PostgreSQL, workers and starters as
# separate processes, and stops them), prints each scenario's one line as it finishes, then a table
# with the wall time of each, and exits 1 if any scenario failed.
#
#   bash .ci/adversarial.sh                      # every scenario
#   bash .ci/adversarial.sh worker-kills db-outage   # some of them
#   bash .ci/adversarial/worker-kills.sh          # one, on its own
#
# A scenario passes when it exits 0: the checker (.ci/adversarial/check.py) found every count 0.
# It exits 1 when a count is not 0, 2 when it could not be run as designed. The output of each
# scenario is kept in a temporary directory when one fails (ADV_KEEP=1 keeps it always). Needs a
# JDK 17+, python3 and the machine's PostgreSQL server binaries (/usr/lib/postgresql/*/bin); uses
# app/target/tqd.jar (built when missing).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

if [[ $# -gt 0 ]]; then
  scenarios=()
  for name in "$@"; do
    [[ -f .ci/adversarial/$name.sh ]] || {
      echo "adversarial: no scenario .ci/adversarial/$name.sh" >&2
      exit 2
    }
    scenarios+=(".ci/adversarial/$name.sh")
  done
else
  scenarios=(.ci/adversarial/*.sh)
fi

if [[ ! -f app/target/tqd.jar ]]; then
  echo "adversarial: building app/target/tqd.jar"
  ./mvnw -B -q -DskipTests -Dspotless.check.skip=true package -pl app -am
fi

OUT="$(mktemp -d "${TMPDIR:-/tmp}/tqd-adversarial.XXXXXX")"
T0=$SECONDS
failed=0
rows=()
for script in "${scenarios[@]}"; do
  name="$(basename "$script" .sh)"
  echo "$(date +%H:%M:%S) adversarial: $name"
  t=$SECONDS
  status=0
  bash "$script" >"$OUT/$name.out" 2>&1 </dev/null || status=$?
  took=$((SECONDS - t))
  result="$(grep -m1 '^SCENARIO ' "$OUT/$name.out" || true)"
  if [[ -z $result ]]; then result="SCENARIO $name: no result (exit status $status)"; fi
  echo "$result"
  if [[ $status -eq 0 ]]; then
    verdict=PASS
  else
    verdict=FAIL
    failed=$((failed + 1))
    echo "----- $name: exit status $status; the last lines of its output ($OUT/$name.out) -----"
    tail -n 40 "$OUT/$name.out"
    echo "-----"
  fi
  rows+=("$(printf '%-20s %-4s %5d s  %s' "$name" "$verdict" "$took" "${result#*: }")")
done

echo
printf '%-20s %-4s %7s  %s\n' scenario "" time counts
printf '%s\n' "${rows[@]}"
echo "adversarial: ${#scenarios[@]} scenario(s), $failed failed, in $((SECONDS - T0)) s"
if [[ $failed -eq 0 && ${ADV_KEEP:-} != 1 ]]; then
  rm -rf "$OUT"
else
  echo "adversarial: output kept in $OUT"
fi
[[ $failed -eq 0 ]]
