package org.tqd.workflows.activities;

import java.util.List;
import java.util.Map;

/**
 * What one action did (or, in a dry run, would do) to a ticket.
 *
 * @param actionId the action
 * @param type the action type
 * @param outcome see {@link Outcome}
 * @param message one line for operators, such as {@code Added 1 asset(s) from Phase 1}
 * @param summary the line this action contributes to the automation summary comment, or null
 * @param assetsAdded asset IDs attached to the ticket by this action in this run
 * @param plannedWrites in a dry run, each TDX write the action would make, in order; else empty
 * @param details structured facts for the ledger and the UI (e.g. {@code phase}, {@code
 *     identifiers_found}); JSON-compatible values, never secrets
 */
public record ActionResult(
    String actionId,
    String type,
    Outcome outcome,
    String message,
    String summary,
    List<Integer> assetsAdded,
    List<String> plannedWrites,
    Map<String, Object> details) {

  public ActionResult {
    assetsAdded = assetsAdded == null ? List.of() : List.copyOf(assetsAdded);
    plannedWrites = plannedWrites == null ? List.of() : List.copyOf(plannedWrites);
    details =
        details == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(details));
  }

  /** How an action ended in a run. */
  public enum Outcome {
    /** The action ran and its effects are in TDX; the ledger row is {@code completed}. */
    COMPLETED,
    /** The ledger already had it completed or skipped (by tqd or the Python daemon): not run. */
    ALREADY_DONE,
    /**
     * The action decided there was nothing to do (e.g. an empty summary); ledger {@code skipped}.
     */
    SKIPPED,
    /**
     * The action's condition did not hold for this ticket in this run; the ledger row is {@code
     * not_applicable}, and later runs evaluate the condition again.
     */
    NOT_APPLICABLE,
    /** Dry run: the action planned its writes ({@link #plannedWrites}) and wrote nothing. */
    PLANNED,
    /** The action failed for good in this run; the ledger row is {@code failed}. */
    FAILED,
    /** Failed too many runs; not retried until an operator clears it ({@code tqd retry}). */
    PARKED,
    /** Not run because an earlier action with {@code stopOnFailure} failed. */
    NOT_RUN,
    /**
     * Put off to a later run: the summary waits while an earlier action failed and a later run
     * retries it, so that its line goes into the one summary comment. Nothing recorded.
     */
    DEFERRED
  }

  /** A result for an action that did not execute in this run. */
  public static ActionResult notExecuted(
      String actionId, String type, Outcome outcome, String message) {
    return new ActionResult(actionId, type, outcome, message, null, List.of(), List.of(), Map.of());
  }
}
