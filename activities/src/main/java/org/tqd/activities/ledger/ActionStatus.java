package org.tqd.activities.ledger;

/** The status of a ledger row, as stored in {@code meta.daemon_action_log.status}. */
public enum ActionStatus {
  /** Claimed by a run that has not finished it: it may or may not have written to TDX yet. */
  IN_PROGRESS("in_progress"),
  /** Done; never run again. */
  COMPLETED("completed"),
  /** Tried and failed; run again by a later workflow run until it is parked. */
  FAILED("failed"),
  /** Decided not to do anything, for good; never run again. */
  SKIPPED("skipped"),
  /**
   * The action's condition did not hold when the ticket was last evaluated. Not done: while the
   * ticket stays in the report the condition is evaluated again, and the action runs once it holds.
   * Never counts as a failed run.
   */
  NOT_APPLICABLE("not_applicable"),
  /**
   * Undone by an operator ({@code tqd undo}, {@code POST /api/v1/tickets/{id}/undo}): final, polls
   * do not run it again; an operator's run or retry redoes it as a new generation.
   */
  ROLLED_BACK("rolled_back");

  private final String dbValue;

  ActionStatus(String dbValue) {
    this.dbValue = dbValue;
  }

  /** The value stored in the database. */
  public String dbValue() {
    return dbValue;
  }

  /**
   * Whether the action needs nothing more: {@code completed}, {@code skipped} or {@code
   * rolled_back}.
   */
  public boolean isDone() {
    return this == COMPLETED || this == SKIPPED || this == ROLLED_BACK;
  }

  /**
   * Parses a stored value.
   *
   * @throws IllegalArgumentException for a value no version of the ledger writes
   */
  public static ActionStatus fromDb(String value) {
    for (ActionStatus s : values()) {
      if (s.dbValue.equals(value)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "Unknown ledger status '"
            + value
            + "' (expected in_progress, completed, failed, skipped, not_applicable or rolled_back)");
  }
}
