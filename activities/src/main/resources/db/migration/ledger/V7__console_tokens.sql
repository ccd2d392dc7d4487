-- Bearer tokens of the operator console (tqd console token create|list|revoke). Only a SHA-256 of
-- each token is kept: the token itself is printed once, when it is created.

CREATE TABLE IF NOT EXISTS meta.tqd_console_token (
    token_id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL,
    role VARCHAR(16) NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
    token_sha256 CHAR(64) NOT NULL UNIQUE,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    created_by TEXT,
    last_used_at TIMESTAMP WITH TIME ZONE,
    revoked_at TIMESTAMP WITH TIME ZONE
);

-- One live token per name, so that a name says who holds it; revoked ones stay for the record.
CREATE UNIQUE INDEX IF NOT EXISTS idx_tqd_console_token_live_name
    ON meta.tqd_console_token (name) WHERE revoked_at IS NULL;

COMMENT ON TABLE meta.tqd_console_token IS
    'Console bearer tokens: name, role (viewer, operator, admin) and the SHA-256 of the token; never the token';
