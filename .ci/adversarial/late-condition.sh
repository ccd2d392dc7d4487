#!/usr/bin/env bash
# late-condition (issue 8, defect 3): add_asset and a comment run only on tickets in status 117
# (In Process); most tickets start in 115 (New), so at first they are not applicable and the
# summary is posted without them. Then some tickets move to 117 between polls: at the next poll
# their assets must be attached and the comment posted, with add_asset's line in one follow-up
# comment. The other tickets never reach 117: those actions never run there, and each ends with
# its one summary. (The sandbox generates a few tickets already in 117; they run everything in
# their first run.)
SCENARIO="late-condition"
# shellcheck source=.ci/adversarial/harness.bash
. "$(dirname "${BASH_SOURCE[0]}")/harness.bash"

TICKETS=${ADV_TICKETS:-12}
MOVED=${ADV_MOVED:-6}

cat >"$WORK/pipeline.yaml" <<'YAML'
report_id: 1344
actions:
  - type: add_asset
    version: v2
    when: { status_ids: [117] }
  - type: comment
    params: { comment_text: "A technician is working on this ticket.", is_private: true }
    when: { status_ids: [117] }
  - type: find_active_tickets
  - type: summary_comment
    params: { skip_if_empty: false }
YAML
start_temporal
start_postgres
start_sandbox --tickets "$TICKETS" --seed 18 --no-limits
pipeline_ids --pipeline "$WORK/pipeline.yaml"
when=""
for id in $ADV_PIPELINE_IDS; do
  case "$id" in add_asset:* | comment:*) when+="$id=117 " ;; esac
done
export ADV_WHEN="${when% }" ADV_SUMMARY_ALWAYS=1
log "pipeline $ADV_PIPELINE_IDS; conditions $ADV_WHEN"

start_worker worker
start_starter starter --pipeline "$WORK/pipeline.yaml"
wait_until 120 "every ticket's first summary" all_summaries

# Move tickets that are not in 117 yet and have computers to attach (the truth says which), up to
# MOVED of them, leaving at least one ticket outside 117 for good.
read -r -a moved < <(python3 - "$MOVED" <<'PY'
import json, os, sys, urllib.request
base = os.environ["TDX_SANDBOX_URL"]
get = lambda path: json.load(urllib.request.urlopen(base + path))
report = get("/report")["ticketIds"]
status = {t["ticketId"]: t["statusId"] for t in get("/state")["tickets"]}
expected = {t["ticketId"]: t["expectedAssetIds"] for t in get("/truth")["tickets"]}
waiting = [t for t in report if status[t] != 117]
movable = [t for t in waiting if expected.get(t)][: min(int(sys.argv[1]), len(waiting) - 1)]
print(" ".join(str(t) for t in movable))
PY
)
((${#moved[@]} > 0)) || die "no ticket outside status 117 with a computer to attach"
check set-status 117 "${moved[@]}"
MOVED_AT=$SECONDS
log "tickets ${moved[*]} moved to status 117 (In Process); the others stay in 115"
ids_sql="$(IFS=,; echo "${moved[*]}")"
# The next poll (or, where the report row does not show the status, the next recheck) runs them.
moved_done() {
  ledger_at_least "${#moved[@]}" \
    "action_type = 'add_asset' and status in ('completed', 'skipped') and ticket_id in ($ids_sql)"
}
deadline=$((SECONDS + 4 * ADV_INTERVAL + 30))
until moved_done || ((SECONDS > deadline)); do sleep 0.5; done
if moved_done; then
  log "add_asset ran on the moved tickets $((SECONDS - MOVED_AT)) s after they moved"
  finish 120
fi
# Not at the next poll (nor within a few polls and rechecks): that is the result, whatever a later
# poll might still do.
log "add_asset had not run on every moved ticket $((SECONDS - MOVED_AT)) s after they moved"
finish_now
