-- Personal data has a lifetime (TQD_RETENTION_DAYS, tqd ledger purge --older-than DAYS): the
-- purge needs to know which tickets are no longer in any report, without a TDX call.

-- When each ticket was last seen in a report poll (any report; refreshed at most once an hour).
CREATE TABLE IF NOT EXISTS meta.tqd_report_sighting (
    ticket_id INTEGER PRIMARY KEY,
    first_seen_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    last_seen_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX IF NOT EXISTS idx_tqd_report_sighting_last_seen
    ON meta.tqd_report_sighting (last_seen_at);

COMMENT ON TABLE meta.tqd_report_sighting IS
    'When each ticket was last in a polled report; tickets unseen for TQD_RETENTION_DAYS lose their personal data in the ledger';

-- Exactly one row: since when sightings are recorded (a ticket never seen has been out of every
-- report at least that long), and the last purge.
CREATE TABLE IF NOT EXISTS meta.tqd_retention_state (
    id SMALLINT PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    sightings_since TIMESTAMP WITH TIME ZONE,
    last_purge_at TIMESTAMP WITH TIME ZONE,
    last_purge_rows INTEGER
);

INSERT INTO meta.tqd_retention_state (id) VALUES (1) ON CONFLICT (id) DO NOTHING;
