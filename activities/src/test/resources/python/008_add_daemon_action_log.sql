-- The Python daemon's migration docker/postgres/migrations/008_add_daemon_action_log.sql, as its
-- deployments ran it (statements verbatim; the COMMENT ON texts are stand-ins, the reference does
-- not quote them). Run by the adoption tests after CREATE SCHEMA meta and the uuid-ossp extension.
CREATE TABLE IF NOT EXISTS meta.daemon_action_log (
    log_id UUID PRIMARY KEY DEFAULT uuid_generate_v4(),
    ticket_id INTEGER NOT NULL,
    action_type VARCHAR(100) NOT NULL,      -- 'comment', 'status_change', 'assign', etc.
    action_id VARCHAR(255) NOT NULL,        -- Unique identifier: {type}:{content_hash}:{version}
    action_hash VARCHAR(64),                -- SHA256 hash of action configuration/content
    executed_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
    status VARCHAR(20) NOT NULL DEFAULT 'completed',  -- 'completed', 'failed', 'skipped'
    error_message TEXT,
    metadata JSONB DEFAULT '{}'::jsonb,
    CONSTRAINT unique_ticket_action UNIQUE (ticket_id, action_id)
);
CREATE INDEX idx_daemon_log_ticket ON meta.daemon_action_log (ticket_id);
CREATE INDEX idx_daemon_log_action_type ON meta.daemon_action_log (action_type);
CREATE INDEX idx_daemon_log_executed_at ON meta.daemon_action_log (executed_at DESC);
CREATE INDEX idx_daemon_log_status ON meta.daemon_action_log (status);
CREATE INDEX idx_daemon_log_ticket_status ON meta.daemon_action_log (ticket_id, status);
CREATE INDEX idx_daemon_log_metadata_gin ON meta.daemon_action_log USING gin (metadata);

CREATE OR REPLACE VIEW meta.daemon_activity_summary AS
SELECT action_type, status, COUNT(*) as action_count,
       MAX(executed_at) as last_executed, MIN(executed_at) as first_executed
FROM meta.daemon_action_log
GROUP BY action_type, status
ORDER BY action_type, status;

CREATE OR REPLACE VIEW meta.daemon_recent_activity AS
SELECT log_id, ticket_id, action_type, action_id, status, executed_at, error_message
FROM meta.daemon_action_log
WHERE executed_at >= CURRENT_TIMESTAMP - INTERVAL '24 hours'
ORDER BY executed_at DESC;

COMMENT ON TABLE meta.daemon_action_log IS 'Python daemon: tracks actions executed by the ticket queue daemon';
COMMENT ON COLUMN meta.daemon_action_log.action_id IS 'Python daemon: {type}:{content_hash}:{version}';
COMMENT ON COLUMN meta.daemon_action_log.action_hash IS 'Python daemon: SHA256 of the action configuration';
COMMENT ON COLUMN meta.daemon_action_log.status IS 'Python daemon: completed, failed, skipped';
COMMENT ON VIEW meta.daemon_activity_summary IS 'Python daemon: summary';
COMMENT ON VIEW meta.daemon_recent_activity IS 'Python daemon: last 24 hours';
