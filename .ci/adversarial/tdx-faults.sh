#!/usr/bin/env bash
# tdx-faults: one run through TDX misbehaving in every way the sandbox knows at once: 10% of calls
# answered 500, 2% hanging past the client's timeout (after taking effect), bursts of 429s every
# 5 seconds, and tokens that expire after 30 seconds.
SCENARIO="tdx-faults"
# shellcheck source=.ci/adversarial/harness.bash
. "$(dirname "${BASH_SOURCE[0]}")/harness.bash"

TICKETS=${ADV_TICKETS:-60}

standard_setup --tickets "$TICKETS" --seed 14 --limit-window-seconds 5 \
  --error-share 0.1 --hang-share 0.02 --hang-ms 35000 --token-lifetime 30
start_worker worker
start_starter starter

# A burst of 5 429s every 5 s while most tickets are being worked on (at most 5 minutes): from
# the first summary until 80% have theirs, so that the bursts land on actions rather than only on
# the report poll, which is alone in calling TDX before and after.
wait_until 180 "the first summary" summaries_at_least 1
bursts=0
deadline=$((SECONDS + 300))
until summaries_at_least $((TICKETS * 4 / 5)) || ((SECONDS > deadline)); do
  check faults '{"rateLimitBurst": 5}'
  bursts=$((bursts + 1))
  sleep 5
done
log "$bursts bursts of 429s sent"
finish 300
