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
   * @param waiting tickets, not in {@code needingWork}, that wait only for conditions
   */
  record PendingWork(
      Set<Integer> needingWork, Set<Integer> failedBefore, List<WaitingTicket> waiting) {
    public PendingWork {
      needingWork = Set.copyOf(needingWork);
      failedBefore = Set.copyOf(failedBefore);
      waiting = List.copyOf(waiting);
    }

    /** An answer without tickets waiting for conditions. */
    public PendingWork(Set<Integer> needingWork, Set<Integer> failedBefore) {
      this(needingWork, failedBefore, List.of());
    }
  }

  /**
   * A ticket whose every action is done or parked except actions whose condition did not hold when
   * last evaluated: the starter evaluates those conditions again from the report row, or starts the
   * ticket when they were last evaluated longer ago than the recheck interval.
   *
   * @param ticketId the ticket
   * @param actionIds the actions whose condition did not hold
   * @param evaluatedAt when the earliest of them was last evaluated (null when unknown)
   */
  record WaitingTicket(int ticketId, List<String> actionIds, java.time.Instant evaluatedAt) {
    public WaitingTicket {
      actionIds = List.copyOf(actionIds);
    }
  }

  /**
   * A tracker that says every ticket needs work and none failed before: for dry runs and tests
   * without a ledger. Every poll starts every ticket that is not running; a run whose actions the
   * worker's ledger has as done ends at once without a TDX call.
   */
  static WorkTracker everyTicket() {
    return (ticketIds, actionIds, maxRunsBeforePark) ->
        new PendingWork(Set.copyOf(ticketIds), Set.of());
  }
}
