-- tqd's additions to the daemon's table: additive and nullable, so the daemon's rows stay valid and its
-- code (which names its columns) keeps working against the same table.

ALTER TABLE meta.daemon_action_log
    ADD COLUMN IF NOT EXISTS workflow_id VARCHAR(255),
    ADD COLUMN IF NOT EXISTS run_id VARCHAR(64),
    ADD COLUMN IF NOT EXISTS attempt INTEGER,
    ADD COLUMN IF NOT EXISTS report_id INTEGER,
    ADD COLUMN IF NOT EXISTS pipeline_id VARCHAR(64),
    ADD COLUMN IF NOT EXISTS started_at TIMESTAMP WITH TIME ZONE,
    ADD COLUMN IF NOT EXISTS completed_at TIMESTAMP WITH TIME ZONE,
    ADD COLUMN IF NOT EXISTS summary TEXT,
    ADD COLUMN IF NOT EXISTS reference VARCHAR(100);

COMMENT ON COLUMN meta.daemon_action_log.workflow_id IS
    'Temporal workflow ID of the run that last claimed the action (tqd:{ticket}:{pipeline})';
COMMENT ON COLUMN meta.daemon_action_log.run_id IS
    'Temporal run ID of the run that last claimed the action';
COMMENT ON COLUMN meta.daemon_action_log.attempt IS
    'Number of workflow runs that tried the action since it was created or last reset by an operator; NULL on rows written by the Python daemon, read as 1';
COMMENT ON COLUMN meta.daemon_action_log.report_id IS
    'TDX report (queue) the ticket was found in';
COMMENT ON COLUMN meta.daemon_action_log.pipeline_id IS
    'First 12 hex characters of the SHA-256 of the ordered action IDs of the pipeline';
COMMENT ON COLUMN meta.daemon_action_log.started_at IS
    'When the latest claim was made';
COMMENT ON COLUMN meta.daemon_action_log.completed_at IS
    'When the action last finished (completed, skipped or failed)';
COMMENT ON COLUMN meta.daemon_action_log.summary IS
    'The line this action contributes to the automation summary comment';
COMMENT ON COLUMN meta.daemon_action_log.reference IS
    'Short reference carried by the comment the action posts, to recognise it in the ticket feed';
