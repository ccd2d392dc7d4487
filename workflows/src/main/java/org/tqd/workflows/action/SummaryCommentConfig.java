package org.tqd.workflows.action;

import java.util.List;
import java.util.Map;

/**
 * Parameters of the {@code summary_comment} action: posts one comment listing what the earlier
 * actions did. Keys and defaults are the Python daemon's {@code SummaryCommentAction}, all hashed.
 * The comment text is {@code prefix + "\n\n" + separator.join("<br>{i}. {summary}")}.
 *
 * @param commentPrefix {@code comment_prefix}, default {@code "🤖 Automated Actions Summary"}
 * @param isPrivate {@code is_private}, default true
 * @param isRichHtml {@code is_rich_html}, default true
 * @param skipIfEmpty {@code skip_if_empty}, default true: post nothing when there is nothing to say
 * @param separator {@code separator}, default {@code "\n"}: between the numbered lines
 */
public record SummaryCommentConfig(
    String commentPrefix,
    boolean isPrivate,
    boolean isRichHtml,
    boolean skipIfEmpty,
    String separator) {

  /** The daemon's summary heading. */
  public static final String DEFAULT_PREFIX = "🤖 Automated Actions Summary";

  /** The {@code summary_comment} action type (default version {@code v1}). */
  public static final ActionType TYPE =
      new ActionType(
          "summary_comment",
          "v1",
          "posts one comment summarising what the earlier actions did",
          List.of(
              ParamDef.string("comment_prefix", DEFAULT_PREFIX)
                  .daemon()
                  .doc("the heading of the summary comment"),
              ParamDef.bool("is_private", true).daemon().doc("post as a private comment"),
              ParamDef.bool("is_rich_html", true).daemon().doc("the comment is HTML"),
              ParamDef.bool("skip_if_empty", true)
                  .daemon()
                  .doc("post nothing when no earlier action has a summary"),
              ParamDef.string("separator", "\n")
                  .daemon()
                  .doc("text between the numbered summary lines")),
          null);

  /**
   * The typed view of an action's parameters (given or effective; defaults are filled in).
   *
   * @throws InvalidActionException when they are invalid
   */
  public static SummaryCommentConfig from(Map<String, ?> params) {
    Map<String, Object> p = TYPE.resolve(params);
    return new SummaryCommentConfig(
        (String) p.get("comment_prefix"),
        (Boolean) p.get("is_private"),
        (Boolean) p.get("is_rich_html"),
        (Boolean) p.get("skip_if_empty"),
        (String) p.get("separator"));
  }
}
