#!/usr/bin/env bash
# db-long-outage: PostgreSQL is stopped in the middle of a run for longer than a TDX action's
# retries last: it stays down until the worker has given up on an action (its 8th attempt failed
# for want of the ledger, as the worker's log shows), and 10 s more. Runs fail; a ledger outage must not count toward parking, and the next
# polls must finish every ticket exactly once. (With TQD_RETRY_SCALE=0.05 each attempt still
# waits for the ledger's 5 s connect timeout, so this takes one to two minutes.)
SCENARIO="db-long-outage"
# shellcheck source=.ci/adversarial/harness.bash
. "$(dirname "${BASH_SOURCE[0]}")/harness.bash"

TICKETS=${ADV_TICKETS:-100}

standard_setup --tickets "$TICKETS" --seed 16 --limit-window-seconds 2 --latency-ms 100
start_worker worker
start_starter starter

wait_until 180 "a quarter of the tickets" summaries_at_least $((TICKETS / 4))
read -r finished total < <(check summaries)
# A failed 8th attempt of an activity (the worker logs each failed attempt), or the workflow
# recording the action's failure.
GAVE_UP='attempt[ =]8\b|RecordFailure'
gave_up_before="$(grep -cE "$GAVE_UP" "$WORK/worker.log" || true)"
pg_stop
STOPPED_AT=$SECONDS
log "PostgreSQL stopped with $finished of $total tickets done"
# shellcheck disable=SC2317 # called through wait_until
gave_up() { (($(grep -cE "$GAVE_UP" "$WORK/worker.log" || true) > gave_up_before)); }
wait_until 300 "an action to spend its retries while PostgreSQL is down" gave_up
log "an action spent all its attempts $((SECONDS - STOPPED_AT)) s into the outage"
sleep 10
pg_start
log "PostgreSQL started again after $((SECONDS - STOPPED_AT)) s"
finish 420
