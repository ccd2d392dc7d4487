-- The ticket index learns two things (see SyncedTicketIndex):
-- 1. every configuration item of a ticket as TDX listed it, not only the asset-backed ones, so
--    find_active_tickets finds the ticket's lab (a CI of the lab type) without reading TDX again;
-- 2. when it last copied every active ticket: between such full syncs it asks TDX only for the
--    tickets modified since its high-water mark (ModifiedDateFrom).

CREATE TABLE IF NOT EXISTS meta.tqd_ticket_ci_index (
    ticket_id INTEGER NOT NULL,
    -- the CI's place in TDX's list (the daemon took the first CI of the lab type)
    position INTEGER NOT NULL,
    ci_id INTEGER NOT NULL,
    type_id INTEGER,
    backing_item_id INTEGER,
    backing_item_type INTEGER,
    PRIMARY KEY (ticket_id, position)
);

COMMENT ON TABLE meta.tqd_ticket_ci_index IS
    'Every configuration item of the tickets in meta.tqd_ticket_index, in TDX''s order';

-- Whether tqd_ticket_ci_index holds the ticket's CIs (links read before this migration did not
-- record them: those tickets are read from TDX once more when needed).
ALTER TABLE meta.tqd_ticket_index ADD COLUMN IF NOT EXISTS cis_known BOOLEAN NOT NULL DEFAULT FALSE;

ALTER TABLE meta.tqd_ticket_sync_state ADD COLUMN IF NOT EXISTS last_full_sync_at TIMESTAMP WITH TIME ZONE;
