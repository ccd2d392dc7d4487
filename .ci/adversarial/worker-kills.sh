#!/usr/bin/env bash
# worker-kills: the worker is killed with SIGKILL at least 5 times, at random moments, during a
# run of 200 tickets; each time a new worker takes over. Every TDX call is slowed down (sandbox
# latency) so that the kills land in the middle of activities: claimed ledger rows, writes whose
# answers never arrive, workflow tasks in flight. Nothing may be lost or done twice.
SCENARIO="worker-kills"
# shellcheck source=.ci/adversarial/harness.bash
. "$(dirname "${BASH_SOURCE[0]}")/harness.bash"

TICKETS=${ADV_TICKETS:-200}
KILLS=${ADV_KILLS:-6}

standard_setup --tickets "$TICKETS" --seed 11 --limit-window-seconds 2 --latency-ms 200
start_worker worker0
start_starter starter

wait_until 120 "the first summaries" summaries_at_least 1
killed=0
worker=0
while ((killed < KILLS)); do
  sleep "$((3 + RANDOM % 6)).$((RANDOM % 10))"
  read -r finished total < <(check summaries)
  if ((finished >= total)); then
    break
  fi
  kill_now "worker$worker"
  killed=$((killed + 1))
  log "kill $killed: worker$worker SIGKILLed with $finished of $total tickets done"
  worker=$((worker + 1))
  start_worker "worker$worker"
done
((killed >= 5)) || die "the run ended after $killed kills; at least 5 were wanted (slow the sandbox down)"
finish 420
