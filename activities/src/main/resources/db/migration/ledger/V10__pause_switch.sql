-- The kill switch (tqd pause / tqd resume, the console's pause): while a scope is paused, starters
-- start no new ticket workflows for it and workers make no new TDX writes for it. Kept in the
-- database so that every starter and worker sharing the ledger honours it within one poll.

-- One row per paused scope: '*' pauses every pipeline, any other value is a pipeline's name.
CREATE TABLE IF NOT EXISTS meta.tqd_pause (
    scope TEXT PRIMARY KEY CHECK (length(scope) > 0),
    paused_by TEXT NOT NULL,
    reason TEXT,
    paused_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP
);

COMMENT ON TABLE meta.tqd_pause IS
    'Paused scopes (''*'' = every pipeline, else a pipeline name): no new workflows, no new TDX writes';

-- Every pause and resume, oldest first, so that "who stopped it and when" survives the resume.
CREATE TABLE IF NOT EXISTS meta.tqd_pause_event (
    event_id BIGSERIAL PRIMARY KEY,
    scope TEXT NOT NULL,
    event VARCHAR(8) NOT NULL CHECK (event IN ('pause', 'resume')),
    actor TEXT NOT NULL,
    reason TEXT,
    at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP
);

COMMENT ON TABLE meta.tqd_pause_event IS
    'History of tqd pause / tqd resume: scope, pause or resume, who, why, when';
