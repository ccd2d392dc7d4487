package org.tqd.activities.ledger;

import java.util.List;

/**
 * Where the tickets of one poll stand with one pipeline. Every ticket is counted in exactly one of
 * {@code done}, {@code parked}, {@code failedRetryable}, {@code inProgress} and {@code notStarted};
 * the last three together are {@link #needWork()}.
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
 */
public record QueueAssessment(
    List<Integer> needWork,
    int done,
    int parked,
    int failedRetryable,
    int inProgress,
    int notStarted,
    List<Integer> failedRetryableTickets) {

  public QueueAssessment {
    needWork = List.copyOf(needWork);
    failedRetryableTickets = List.copyOf(failedRetryableTickets);
  }

  /** How many tickets were assessed. */
  public int total() {
    return done + parked + needWork.size();
  }
}
