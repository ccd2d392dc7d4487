-- A local copy of the TDX computer assets, so that matching identifiers found in a ticket costs one
-- indexed lookup instead of TDX searches (which are rate-limited to 60 calls a minute).

CREATE TABLE IF NOT EXISTS meta.tqd_asset_index (
    asset_id INTEGER PRIMARY KEY,
    name TEXT,
    serial_number TEXT,
    tag TEXT,
    status_id INTEGER,
    form_id INTEGER,
    owning_customer_uid TEXT,
    modified_date TIMESTAMP WITH TIME ZONE,
    synced_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX IF NOT EXISTS idx_tqd_asset_index_name ON meta.tqd_asset_index (lower(name));
CREATE INDEX IF NOT EXISTS idx_tqd_asset_index_serial ON meta.tqd_asset_index (lower(serial_number));
CREATE INDEX IF NOT EXISTS idx_tqd_asset_index_tag ON meta.tqd_asset_index (lower(tag));
CREATE INDEX IF NOT EXISTS idx_tqd_asset_index_owner ON meta.tqd_asset_index (lower(owning_customer_uid));

COMMENT ON TABLE meta.tqd_asset_index IS
    'Local copy of TDX computer assets, refreshed incrementally by ModifiedDate';

-- Exactly one row: how far the copy has been brought up to date.
CREATE TABLE IF NOT EXISTS meta.tqd_asset_sync_state (
    id SMALLINT PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    high_water_mark TIMESTAMP WITH TIME ZONE,
    last_sync_at TIMESTAMP WITH TIME ZONE
);

INSERT INTO meta.tqd_asset_sync_state (id) VALUES (1) ON CONFLICT (id) DO NOTHING;

COMMENT ON TABLE meta.tqd_asset_sync_state IS
    'Progress of the asset index: highest TDX ModifiedDate copied (high_water_mark) and when the last sync finished';
