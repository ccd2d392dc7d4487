package org.tqd.workflows.action;

import java.util.List;
import java.util.Map;

/**
 * Parameters of the {@code comment} action: posts a comment to the ticket's feed, optionally
 * changing its status. Keys and defaults are the Python daemon's {@code CommentAction}, all hashed.
 *
 * @param commentText {@code comment_text}, required: the comment
 * @param isPrivate {@code is_private}, default false
 * @param isRichHtml {@code is_rich_html}, default false: the text is HTML
 * @param isCommunication {@code is_communication}, default false: mark as a communication record
 * @param notifyList {@code notify}, default {@code ["null"]} (TDX's "notify nobody"); sorted
 * @param newStatusId {@code new_status_id}, default 0 (no status change)
 * @param cascadeStatus {@code cascade_status}, default false: apply the status to child tickets
 */
public record CommentConfig(
    String commentText,
    boolean isPrivate,
    boolean isRichHtml,
    boolean isCommunication,
    List<String> notifyList,
    int newStatusId,
    boolean cascadeStatus) {

  /** The {@code comment} action type (default version {@code v1}). */
  public static final ActionType TYPE =
      new ActionType(
              "comment",
              "v1",
              "posts a comment to the ticket feed, optionally changing the status",
              List.of(
                  ParamDef.string("comment_text", null)
                      .asRequired()
                      .daemon()
                      .checkedBy(ParamDef.notEmpty())
                      .doc("the comment text"),
                  ParamDef.bool("is_private", false).daemon().doc("post as a private comment"),
                  ParamDef.bool("is_rich_html", false).daemon().doc("the text is HTML"),
                  ParamDef.bool("is_communication", false)
                      .daemon()
                      .doc("mark the entry as a communication record"),
                  ParamDef.stringList("notify", List.of("null"))
                      .daemon()
                      .sortedList()
                      .doc("people to notify (email or UID); [\"null\"] notifies nobody"),
                  ParamDef.integer("new_status_id", 0)
                      .daemon()
                      .atLeast(0)
                      .doc("status to set with the comment; 0 keeps the status"),
                  ParamDef.bool("cascade_status", false)
                      .daemon()
                      .doc("apply the status change to child tickets")),
              null)
          .withTemplates("comment_text");

  public CommentConfig {
    notifyList = List.copyOf(notifyList);
  }

  /**
   * The typed view of an action's parameters (given or effective; defaults are filled in).
   *
   * @throws InvalidActionException when they are invalid
   */
  public static CommentConfig from(Map<String, ?> params) {
    Map<String, Object> p = TYPE.resolve(params);
    return new CommentConfig(
        (String) p.get("comment_text"),
        (Boolean) p.get("is_private"),
        (Boolean) p.get("is_rich_html"),
        (Boolean) p.get("is_communication"),
        Params.strings(p, "notify"),
        (Integer) p.get("new_status_id"),
        (Boolean) p.get("cascade_status"));
  }
}
