-- The operator audit log: one row per manual action (console API or CLI), written when the action
-- is initiated (pending), updated when it starts (in_progress) and when it ends (completed or
-- failed); an undone action becomes rolled_back and the undo names it in rollback_of.

CREATE TABLE IF NOT EXISTS meta.tqd_audit_log (
    id BIGSERIAL PRIMARY KEY,
    action_type VARCHAR(32) NOT NULL,
    scope VARCHAR(16) NOT NULL CHECK (scope IN ('ticket', 'pipeline', 'global')),
    ticket_id INTEGER,
    pipeline_id TEXT,
    actor TEXT NOT NULL,
    actor_role VARCHAR(16),
    source VARCHAR(16) NOT NULL DEFAULT 'api',
    params JSONB NOT NULL DEFAULT '{}'::jsonb,
    reason TEXT,
    status VARCHAR(16) NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'in_progress', 'completed', 'failed', 'rolled_back')),
    result JSONB,
    error_message TEXT,
    rollback_of BIGINT REFERENCES meta.tqd_audit_log (id),
    can_rollback BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    started_at TIMESTAMP WITH TIME ZONE,
    completed_at TIMESTAMP WITH TIME ZONE,
    rolled_back_at TIMESTAMP WITH TIME ZONE
);

CREATE INDEX IF NOT EXISTS idx_tqd_audit_log_created ON meta.tqd_audit_log (created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS idx_tqd_audit_log_actor ON meta.tqd_audit_log (actor);
CREATE INDEX IF NOT EXISTS idx_tqd_audit_log_ticket ON meta.tqd_audit_log (ticket_id);
CREATE INDEX IF NOT EXISTS idx_tqd_audit_log_type ON meta.tqd_audit_log (action_type);

COMMENT ON TABLE meta.tqd_audit_log IS
    'Manual actions (console API and CLI): who, with which role, why, and how each ended';

-- Where each pipeline's poller stands, for the queues overview (written by tqd run after each poll).
CREATE TABLE IF NOT EXISTS meta.tqd_poll_status (
    pipeline_id TEXT PRIMARY KEY,
    report_id INTEGER,
    tickets_in_report INTEGER,
    last_poll_at TIMESTAMP WITH TIME ZONE,
    next_poll_at TIMESTAMP WITH TIME ZONE,
    last_error TEXT
);
