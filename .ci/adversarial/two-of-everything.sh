#!/usr/bin/env bash
# two-of-everything: two daemon starters and two workers on one report, with tickets added to the
# report twice while they run. Every ticket must be processed once, by one of them.
SCENARIO="two-of-everything"
# shellcheck source=.ci/adversarial/harness.bash
. "$(dirname "${BASH_SOURCE[0]}")/harness.bash"

TICKETS=${ADV_TICKETS:-120}

standard_setup --tickets "$TICKETS" --seed 17 --limit-window-seconds 2 --latency-ms 50
start_worker worker1
start_worker worker2
start_starter starter1
sleep 2 # the second starter's polls fall between the first's
start_starter starter2

# The first batch once a third of the report is done; the second once the first batch is being
# processed, so that both arrive while the workers are busy.
wait_until 180 "a third of the tickets" summaries_at_least $((TICKETS / 3))
read -r -a added < <(check add 15)
log "added tickets ${added[*]} while both starters poll"
wait_until 180 "the added tickets to be picked up" summaries_at_least 1 "${added[@]}"
read -r -a added < <(check add 15)
log "added tickets ${added[*]} while both starters poll"
finish 360
