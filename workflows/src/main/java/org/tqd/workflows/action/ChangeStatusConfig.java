package org.tqd.workflows.action;

import java.util.List;
import java.util.Map;

/**
 * Parameters of the {@code change_status} action: sets the ticket's status through its feed. The
 * keys {@code new_status_id} and {@code cascade} are those of the daemon's documented {@code
 * ChangeStatusAction} and always hashed; {@code comment_text} is tqd's and hashed only when set.
 *
 * @param newStatusId {@code new_status_id}, required: the status to set
 * @param cascade {@code cascade}, default false: apply the status to child tickets
 * @param commentText {@code comment_text}, default unset (null): text of the feed entry that
 *     changes the status (a template)
 * @param fromStatusIds {@code from_status_ids}, default unset (null: from any status): a transition
 *     guard; the status changes only from one of these (hashed only when set)
 */
public record ChangeStatusConfig(
    int newStatusId, boolean cascade, String commentText, List<Integer> fromStatusIds) {

  /** The {@code change_status} action type (default version {@code v1}). */
  public static final ActionType TYPE =
      new ActionType(
              "change_status",
              "v1",
              "sets the ticket status through the feed",
              List.of(
                  ParamDef.integer("new_status_id", null)
                      .asRequired()
                      .daemon()
                      .atLeast(1)
                      .doc("the status to set"),
                  ParamDef.bool("cascade", false).daemon().doc("apply the status to child tickets"),
                  ParamDef.string("comment_text", null)
                      .checkedBy(ParamDef.notEmpty())
                      .doc("text of the feed entry that changes the status; none when unset"),
                  ParamDef.integerList("from_status_ids", null)
                      .checkedBy(ParamDef.notEmpty())
                      .sortedList()
                      .atLeast(1)
                      .doc("change only from one of these statuses (a transition guard)")),
              null)
          .withTemplates("comment_text");

  /**
   * The typed view of an action's parameters (given or effective; defaults are filled in).
   *
   * @throws InvalidActionException when they are invalid
   */
  public static ChangeStatusConfig from(Map<String, ?> params) {
    Map<String, Object> p = TYPE.resolve(params);
    return new ChangeStatusConfig(
        (Integer) p.get("new_status_id"),
        (Boolean) p.get("cascade"),
        (String) p.get("comment_text"),
        Params.integers(p, "from_status_ids"));
  }
}
