package org.tqd.activities.ledger;

import java.time.Instant;
import java.util.Optional;

/**
 * How far the asset index has been brought up to date.
 *
 * @param highWaterMark the highest TDX {@code ModifiedDate} copied so far: the next incremental
 *     sync asks TDX for assets modified since then; empty before the first sync
 * @param lastSyncAt when the last sync finished; empty before the first sync
 */
public record AssetSyncState(Optional<Instant> highWaterMark, Optional<Instant> lastSyncAt) {}
