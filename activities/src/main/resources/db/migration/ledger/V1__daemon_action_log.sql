-- The action ledger of the Python daemon (its migration 008_add_daemon_action_log.sql): same table,
-- columns, types, constraint, indexes and views, so that tqd and the daemon read one history.
-- Written to be idempotent: on a database where the daemon already created these objects, nothing
-- changes (an existing table keeps its own log_id default, uuid_generate_v4() from uuid-ossp; a new
-- one uses the built-in gen_random_uuid() and needs no extension).

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'meta') THEN
        CREATE SCHEMA meta;
    END IF;
END
$$;

CREATE TABLE IF NOT EXISTS meta.daemon_action_log (
    log_id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    ticket_id INTEGER NOT NULL,
    action_type VARCHAR(100) NOT NULL,
    action_id VARCHAR(255) NOT NULL,
    action_hash VARCHAR(64),
    executed_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
    status VARCHAR(20) NOT NULL DEFAULT 'completed',
    error_message TEXT,
    metadata JSONB DEFAULT '{}'::jsonb,
    CONSTRAINT unique_ticket_action UNIQUE (ticket_id, action_id)
);

CREATE INDEX IF NOT EXISTS idx_daemon_log_ticket ON meta.daemon_action_log (ticket_id);
CREATE INDEX IF NOT EXISTS idx_daemon_log_action_type ON meta.daemon_action_log (action_type);
CREATE INDEX IF NOT EXISTS idx_daemon_log_executed_at ON meta.daemon_action_log (executed_at DESC);
CREATE INDEX IF NOT EXISTS idx_daemon_log_status ON meta.daemon_action_log (status);
CREATE INDEX IF NOT EXISTS idx_daemon_log_ticket_status ON meta.daemon_action_log (ticket_id, status);
CREATE INDEX IF NOT EXISTS idx_daemon_log_metadata_gin ON meta.daemon_action_log USING gin (metadata);

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

-- Comments only where there are none yet, so the daemon's own wording survives adoption.
DO $$
BEGIN
    IF obj_description('meta.daemon_action_log'::regclass, 'pg_class') IS NULL THEN
        COMMENT ON TABLE meta.daemon_action_log IS
            'Every action executed on a ticket by the queue automation: the idempotency record and audit log';
        COMMENT ON COLUMN meta.daemon_action_log.action_id IS
            'Unique identifier of the action and its configuration: {type}:{hash12}:{version}';
        COMMENT ON COLUMN meta.daemon_action_log.action_hash IS
            'SHA-256 (hex) of the action configuration';
        COMMENT ON COLUMN meta.daemon_action_log.status IS
            'in_progress (claimed), completed, failed or skipped';
    END IF;
    IF obj_description('meta.daemon_activity_summary'::regclass, 'pg_class') IS NULL THEN
        COMMENT ON VIEW meta.daemon_activity_summary IS
            'Action counts and first/last execution per action type and status';
    END IF;
    IF obj_description('meta.daemon_recent_activity'::regclass, 'pg_class') IS NULL THEN
        COMMENT ON VIEW meta.daemon_recent_activity IS
            'Actions executed in the last 24 hours, newest first';
    END IF;
END
$$;
