-- A local copy of TDX's active tickets and of the computers linked to them, so that
-- find_active_tickets answers "the requestor's other active tickets" and "the active tickets on
-- this ticket's computers" with one indexed query instead of a ticket search per ticket (ticket
-- search is limited to 30 calls a minute). Synced once per poll; see SyncedTicketIndex.

CREATE TABLE IF NOT EXISTS meta.tqd_ticket_index (
    ticket_id INTEGER PRIMARY KEY,
    title TEXT,
    status_id INTEGER NOT NULL,
    status_name TEXT,
    requestor_uid TEXT,
    -- ModifiedDate as TDX wrote it (the related-tickets table shows and sorts this text) and parsed
    modified_date TEXT,
    modified_at TIMESTAMP WITH TIME ZONE,
    -- the ticket's ModifiedDate when its computer links were last read (NULL: never read)
    assets_read_for TIMESTAMP WITH TIME ZONE,
    -- who read them: 'pipeline' (the ticket's own run) or 'sync' (the per-poll sync)
    assets_source TEXT,
    -- set when a poll starts the ticket's workflow, whose add_asset reads the links itself
    pipeline_pending_since TIMESTAMP WITH TIME ZONE,
    synced_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX IF NOT EXISTS idx_tqd_ticket_index_requestor
    ON meta.tqd_ticket_index (lower(requestor_uid));

COMMENT ON TABLE meta.tqd_ticket_index IS
    'Local copy of TDX active tickets (thin search fields), refreshed once per poll';

-- Computers (CIs backed by assets) linked to the indexed tickets.
CREATE TABLE IF NOT EXISTS meta.tqd_ticket_asset_index (
    ticket_id INTEGER NOT NULL,
    asset_id INTEGER NOT NULL,
    ci_id INTEGER,
    ci_type_id INTEGER,
    PRIMARY KEY (ticket_id, asset_id)
);

CREATE INDEX IF NOT EXISTS idx_tqd_ticket_asset_index_asset
    ON meta.tqd_ticket_asset_index (asset_id);

COMMENT ON TABLE meta.tqd_ticket_asset_index IS
    'Asset links (BackingItemID) of the tickets in meta.tqd_ticket_index';

-- Exactly one row: when the index was last synced, and the highest ModifiedDate copied.
CREATE TABLE IF NOT EXISTS meta.tqd_ticket_sync_state (
    id SMALLINT PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    high_water_mark TIMESTAMP WITH TIME ZONE,
    last_sync_at TIMESTAMP WITH TIME ZONE
);

INSERT INTO meta.tqd_ticket_sync_state (id) VALUES (1) ON CONFLICT (id) DO NOTHING;
