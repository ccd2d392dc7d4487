package org.tqd.starter;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.tqd.activities.ledger.ActionLedger;
import org.tqd.activities.ledger.QueueAssessment;

/**
 * The {@link WorkTracker} of a real deployment: one {@link ActionLedger#assess} query per poll. A
 * ledger that cannot be reached throws {@code LedgerUnavailableException}, and the poll starts
 * nothing.
 *
 * <p>{@link PendingWork#failedBefore()} is empty: the assessment counts tickets with failed actions
 * but does not name them, so with this tracker a restart after failure is counted as a start.
 */
public final class LedgerWorkTracker implements WorkTracker {

  private final ActionLedger ledger;

  public LedgerWorkTracker(ActionLedger ledger) {
    this.ledger = Objects.requireNonNull(ledger, "ledger");
  }

  @Override
  public PendingWork pendingWork(
      List<Integer> ticketIds, List<String> actionIds, int maxRunsBeforePark) {
    QueueAssessment assessment = ledger.assess(ticketIds, actionIds, maxRunsBeforePark);
    return new PendingWork(Set.copyOf(assessment.needWork()), Set.of());
  }
}
