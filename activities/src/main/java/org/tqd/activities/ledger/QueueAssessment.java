package org.tqd.activities.ledger;

import java.util.List;

/**
 * Where the tickets of one poll stand with one pipeline. Every ticket is counted in exactly one of
 * {@code done}, {@code parked}, {@code failedRetryable}, {@code inProgress}, {@code notStarted} and
 * {@code waiting}; the middle three together are {@link #needWork()}.
 *
 * @param needWork the tickets with at least one action that is neither done nor parked, in the
 *     order they were given
 * @param done tickets whose every action is completed or skipped
 * @param parked tickets that need nothing more until an operator retries them: every action is done
 *     or parked, and at least one is parked
 * @param failedRetryable tickets with a failed action that has runs left
 * @param inProgress tickets, not counted above, with an action claimed by a run that has not
 *     finished it
 * @param notStarted tickets, not counted above, with an action the ledger has no row for
 * @param failedRetryableTickets the tickets counted in {@code failedRetryable}, in the order given:
 *     a start of one of them is a restart after failure
 * @param waiting tickets whose every action is done or parked except for actions whose condition
 *     did not hold when last evaluated ({@code not_applicable}): the starter decides whether to
 *     evaluate them again
 */
public record QueueAssessment(
    List<Integer> needWork,
    int done,
    int parked,
    int failedRetryable,
    int inProgress,
    int notStarted,
    List<Integer> failedRetryableTickets,
    List<Waiting> waiting) {

  public QueueAssessment {
    needWork = List.copyOf(needWork);
    failedRetryableTickets = List.copyOf(failedRetryableTickets);
    waiting = List.copyOf(waiting);
  }

  /** How many tickets were assessed. */
  public int total() {
    return done + parked + needWork.size() + waiting.size();
  }

  /**
   * A ticket waiting only for conditions.
   *
   * @param ticketId the ticket
   * @param actionIds its actions whose condition did not hold, sorted
   * @param evaluatedAt when the earliest of those was last evaluated (null when unknown)
   */
  public record Waiting(int ticketId, List<String> actionIds, java.time.Instant evaluatedAt) {
    public Waiting {
      actionIds = List.copyOf(actionIds);
    }
  }
}
