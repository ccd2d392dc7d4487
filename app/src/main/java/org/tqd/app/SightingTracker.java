package org.tqd.app;

import java.util.List;
import java.util.Objects;
import org.tqd.activities.ledger.LedgerRetention;
import org.tqd.starter.WorkTracker;

/**
 * The starter's work tracker, also recording that every ticket of the poll is in a report now, so
 * that the retention purge ({@code TQD_RETENTION_DAYS}, {@code tqd ledger purge}) knows which
 * tickets have left every report without a TDX call. One statement per poll, writing only tickets
 * not seen in the last hour. Like the ledger's answer, it never fails open: when it cannot write,
 * the poll fails and the next one tries again.
 */
final class SightingTracker implements WorkTracker {

  private final WorkTracker next;
  private final LedgerRetention retention;

  SightingTracker(WorkTracker next, LedgerRetention retention) {
    this.next = Objects.requireNonNull(next, "next");
    this.retention = Objects.requireNonNull(retention, "retention");
  }

  @Override
  public PendingWork pendingWork(
      List<Integer> ticketIds, List<String> actionIds, int maxRunsBeforePark) {
    retention.recordSightings(ticketIds);
    return next.pendingWork(ticketIds, actionIds, maxRunsBeforePark);
  }
}
