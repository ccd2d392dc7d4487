package org.tqd.activities.actions;

import org.tqd.workflows.activities.ActionRequest;
import org.tqd.workflows.activities.ActionResult;

/**
 * An action split into a read-only decision and its writes, so that the same decision serves a dry
 * run, a first attempt and a retry.
 *
 * <p>{@link ActionRunner} calls {@link #plan}, stores the plan in the action's ledger row as its
 * pending content when it claims the row, and then calls {@link #apply}. When a retry finds its own
 * earlier claim, it applies the <em>stored</em> plan (the one whose writes may already be in TDX)
 * with {@code reclaimed} set, and the action checks TDX for each effect before writing it again.
 * Plans are records that Jackson can write and read back.
 *
 * @param <P> the plan type
 */
interface PlannedAction<P> {

  /** The plan class, to read a stored plan back. */
  Class<P> planType();

  /** Reads TDX and decides what to write. Writes nothing. */
  P plan(ActionRequest request);

  /** Whether applying the plan writes to TDX (then the plan is stored before writing). */
  boolean hasWrites(P plan);

  /** The dry-run result: outcome PLANNED, the writes the plan would make, the same summary. */
  ActionResult dryRun(ActionRequest request, P plan);

  /**
   * Makes the plan's writes and returns the result (COMPLETED or SKIPPED).
   *
   * @param reclaimed true when an earlier attempt claimed the row and may have written already:
   *     each write is then checked in TDX first and made only if missing
   */
  ActionResult apply(ActionRequest request, P plan, boolean reclaimed);
}
