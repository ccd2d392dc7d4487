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
 * <p>{@link PendingWork#failedBefore()} holds the tickets with a failed action that has runs left,
 * so a start of one of them is counted as a restart after failure.
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
    return new PendingWork(
        Set.copyOf(assessment.needWork()),
        Set.copyOf(assessment.failedRetryableTickets()),
        assessment.waiting().stream()
            .map(w -> new WaitingTicket(w.ticketId(), w.actionIds(), w.evaluatedAt()))
            .toList());
  }
}
