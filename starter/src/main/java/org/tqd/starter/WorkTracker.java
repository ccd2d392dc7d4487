package org.tqd.starter;

import java.util.List;
import java.util.Set;

/**
 * Which tickets of a report still need work under a pipeline: the starter's one question to the
 * ledger per poll, so that a processed report costs one query rather than one workflow start per
 * ticket.
 *
 * <p>Implementations answer for all the given tickets in one round trip. They never fail open: when
 * the ledger cannot be read they throw, and the poll starts nothing (a ticket wrongly reported as
 * needing work would only cost a rejected start, but a ledger outage must be visible, not hidden).
 */
public interface WorkTracker {

  /**
   * The tickets that still need work.
   *
   * @param ticketIds the report's tickets, in report order, without duplicates
   * @param actionIds the pipeline's action IDs, in order
   * @param maxRunsBeforePark an action that failed in this many runs is parked: it no longer counts
   *     as work until an operator clears it
   * @return the tickets with at least one action neither completed, skipped nor parked, and, of
   *     those, the ones where such an action has failed before
   * @throws RuntimeException when the ledger cannot be read
   */
  PendingWork pendingWork(List<Integer> ticketIds, List<String> actionIds, int maxRunsBeforePark);

  /**
   * The answer of {@link #pendingWork}.
   *
   * @param needingWork tickets with at least one action still to run
   * @param failedBefore the subset of {@code needingWork} with an action that failed in an earlier
   *     run and is not parked: a start of one of these is a restart after failure
   */
  record PendingWork(Set<Integer> needingWork, Set<Integer> failedBefore) {
    public PendingWork {
      needingWork = Set.copyOf(needingWork);
      failedBefore = Set.copyOf(failedBefore);
    }
  }

  /**
   * A tracker that says every ticket needs work and none failed before: for running without a
   * ledger, where Temporal's reuse policy alone rejects tickets whose last run succeeded.
   */
  static WorkTracker everyTicket() {
    return (ticketIds, actionIds, maxRunsBeforePark) ->
        new PendingWork(Set.copyOf(ticketIds), Set.of());
  }
}
