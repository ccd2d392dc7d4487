#!/usr/bin/env bash
# tdx-faults: one run through TDX misbehaving in every way the sandbox knows at once: 10% of calls
# answered 500, 2% hanging past the client's timeout (after taking effect), bursts of 429s (eight
# of five calls, 8 s apart), and tokens that expire after 30 seconds.
SCENARIO="tdx-faults"
# shellcheck source=.ci/adversarial/harness.bash
. "$(dirname "${BASH_SOURCE[0]}")/harness.bash"

TICKETS=${ADV_TICKETS:-40}

standard_setup --tickets "$TICKETS" --seed 14 --limit-window-seconds 1 \
  --error-share 0.1 --hang-share 0.02 --hang-ms 35000 --token-lifetime 30
start_worker worker
start_starter starter

# Eight bursts of five 429s, 8 s apart, from the first summary on (stopping early once 80% of
# the tickets have theirs), so that they land on actions rather than only on the report poll,
# which calls TDX alone before and after. (An unbounded series of bursts starves a retry that
# waits for the reset time, which is a test of patience, not of correctness.)
wait_until 180 "the first summary" summaries_at_least 1
bursts=0
until ((bursts >= 8)) || summaries_at_least $((TICKETS * 4 / 5)); do
  check faults '{"rateLimitBurst": 5}'
  bursts=$((bursts + 1))
  sleep 8
done
log "$bursts bursts of 429s sent"
finish 300
