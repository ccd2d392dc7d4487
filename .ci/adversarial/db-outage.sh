#!/usr/bin/env bash
# db-outage: PostgreSQL (the ledger) is stopped for 20 s in the middle of a run of 150 tickets,
# dropping every connection, then started again.
SCENARIO="db-outage"
# shellcheck source=.ci/adversarial/harness.bash
. "$(dirname "${BASH_SOURCE[0]}")/harness.bash"

TICKETS=${ADV_TICKETS:-150}
OUTAGE=${ADV_OUTAGE:-20}

standard_setup --tickets "$TICKETS" --seed 15 --limit-window-seconds 2 --latency-ms 100
start_worker worker
start_starter starter

wait_until 180 "a quarter of the tickets" summaries_at_least $((TICKETS / 4))
read -r finished total < <(check summaries)
pg_stop
log "PostgreSQL stopped with $finished of $total tickets done"
sleep "$OUTAGE" # the outage itself
pg_start
log "PostgreSQL started again after $OUTAGE s"
finish 360
