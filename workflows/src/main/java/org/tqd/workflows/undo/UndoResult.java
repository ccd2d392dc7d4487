package org.tqd.workflows.undo;

import java.util.List;
import java.util.Map;

/**
 * What an undo did, per action, newest action first.
 *
 * @param ticketId the ticket
 * @param actions one entry per ledger row considered
 */
public record UndoResult(int ticketId, List<Step> actions) {

  public UndoResult {
    actions = actions == null ? List.of() : List.copyOf(actions);
  }

  /** Outcomes of one action's undo. */
  public static final String ROLLED_BACK = "rolled_back";

  /** Some inverses were left out because TDX no longer shows tqd's value. */
  public static final String CONFLICT = "conflict";

  /** The row recorded no inverse (written before undo existed, or an action with no effect). */
  public static final String NO_INVERSE = "no_inverse";

  /** The row was already rolled back. */
  public static final String ALREADY_ROLLED_BACK = "already_rolled_back";

  /** The row is not completed (failed, in progress, not applicable): nothing to undo. */
  public static final String NOT_DONE = "not_done";

  /**
   * One action's undo.
   *
   * @param actionId the action
   * @param type its type
   * @param outcome {@link #ROLLED_BACK}, {@link #CONFLICT}, {@link #NO_INVERSE}, {@link
   *     #ALREADY_ROLLED_BACK} or {@link #NOT_DONE}
   * @param message one line for operators
   * @param effects per inverse effect: its {@code op}, {@code outcome} ({@code applied}, {@code
   *     already}, {@code conflict}) and what was found
   */
  public record Step(
      String actionId,
      String type,
      String outcome,
      String message,
      List<Map<String, Object>> effects) {

    public Step {
      effects = effects == null ? List.of() : List.copyOf(effects);
    }
  }

  /** How many actions ended with this outcome. */
  public long count(String outcome) {
    return actions.stream().filter(s -> s.outcome().equals(outcome)).count();
  }
}
