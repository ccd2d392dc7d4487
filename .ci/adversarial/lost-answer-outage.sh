#!/usr/bin/env bash
# lost-answer-outage (issue 8, defect 1): every ticket's summary comment is posted and takes
# effect, but its answer hangs past the TDX client's 30 s timeout; before the retry can look at
# the feed, TDX goes down (every call 503, logins included) for longer than the action's retries
# last, so the action fails for good and its run fails. Then TDX recovers and the next poll starts
# the tickets again. The comment that did take effect must not be posted a second time.
SCENARIO="lost-answer-outage"
# shellcheck source=.ci/adversarial/harness.bash
. "$(dirname "${BASH_SOURCE[0]}")/harness.bash"

TICKETS=${ADV_TICKETS:-8}

standard_setup --tickets "$TICKETS" --seed 12 --no-limits --hang-ms 45000 \
  --lost-answer-share 1 --lost-answer-templates 'POST tickets/{id}/feed'
start_worker worker
start_starter starter

# The summary comment is the standard pipeline's only feed post: once it is in the feed of every
# ticket, every one of them is waiting for an answer that comes after the client gave up.
wait_until 120 "every summary comment to take effect" all_summaries
log "every ticket's summary comment took effect; its answer is lost. TDX goes down now."
check faults '{"lostAnswerShare": 0, "outage": true}'
OUTAGE_START=$SECONDS
wait_until 240 "summary_comment to fail for good on every ticket" \
  ledger_at_least "$TICKETS" "action_type = 'summary_comment' and status = 'failed'"
check faults '{"outage": false}'
log "TDX back after an outage of $((SECONDS - OUTAGE_START)) s: every summary_comment had spent its retries"
finish 240
