#!/usr/bin/env bash
# forbidden-one-poll (issue 8, defect 2): during the first poll TDX answers 403 to every asset
# link (POST tickets/{id}/assets/{assetId}), so add_asset fails on the tickets that need an asset
# while the rest of the pipeline runs; then the permission is back, and a later poll attaches the
# assets. Every ticket must end with exactly one summary comment carrying every line, its
# "Added N asset(s)" line included.
SCENARIO="forbidden-one-poll"
# shellcheck source=.ci/adversarial/harness.bash
. "$(dirname "${BASH_SOURCE[0]}")/harness.bash"

TICKETS=${ADV_TICKETS:-10}

standard_setup --tickets "$TICKETS" --seed 13 --no-limits \
  --forbidden-templates 'POST tickets/{id}/assets/{assetId}'
start_worker worker
start_starter starter

# Every ticket's add_asset has run once (failed on a 403, or done where nothing was to be linked).
wait_until 120 "add_asset to run on every ticket" \
  ledger_at_least "$TICKETS" "action_type = 'add_asset' and status in ('failed', 'completed', 'skipped')"
# Failed, or failed and claimed again since: the next poll (every 5 s) may already have restarted
# a failed ticket, whose new run holds the row in_progress with one more attempt.
failed="$(check ledger "action_type = 'add_asset' and (status = 'failed' or coalesce(attempt, 1) >= 2)")"
((failed > 0)) || die "no add_asset failed on the 403"
check faults '{"forbiddenTemplates": []}'
log "403 on asset links switched off after the first poll; add_asset failed on $failed of $TICKETS tickets"
finish 240
