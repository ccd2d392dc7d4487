package org.tqd.activities.actions;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tqd.tdx.TdxApi;
import org.tqd.tdx.model.FeedEntry;
import org.tqd.tdx.model.FeedPost;
import org.tqd.workflows.action.CommentConfig;
import org.tqd.workflows.activities.ActionRequest;
import org.tqd.workflows.activities.ActionResult;
import org.tqd.workflows.activities.ActionResult.Outcome;
import org.tqd.workflows.rules.Templates;

/**
 * {@code comment}: posts one comment, optionally changing the status, with the Python daemon's
 * options ({@code comment_text} required; {@code is_private}, {@code is_rich_html}, {@code
 * is_communication} default false; {@code notify} default {@code ["null"]}; {@code new_status_id}
 * default 0 = no change; {@code cascade_status} default false) and messages. The comment carries
 * its {@link CommentReference}, so a retry that finds it in the feed does not post it again. It
 * contributes no summary line.
 */
final class CommentAction implements PlannedAction<CommentAction.Plan> {

  private final TdxApi tdx;

  CommentAction(TdxApi tdx) {
    this.tdx = tdx;
  }

  /**
   * @param post the feed entry to post, reference included
   * @param reference the reference token
   * @param preview the first 100 characters of the comment text, for operators
   */
  record Plan(FeedPost post, String reference, String preview) {}

  @Override
  public Class<Plan> planType() {
    return Plan.class;
  }

  @Override
  public Plan plan(ActionRequest request) {
    CommentConfig c = CommentConfig.from(request.action().params());
    boolean rich = c.isRichHtml();
    // The template is configuration (hashed); the rendered text is the plan (stored).
    String text =
        TemplateContext.render(
            c.commentText(), request, rich ? Templates.Escape.HTML : Templates.Escape.NONE);
    CommentReference ref =
        CommentReference.of(request.ticketId(), request.action().actionId(), text);
    FeedPost post =
        new FeedPost(
            c.newStatusId(),
            c.cascadeStatus(),
            ref.appendTo(text, rich),
            c.notifyList(),
            c.isPrivate(),
            rich,
            c.isCommunication());
    return new Plan(post, ref.token(), text.length() > 100 ? text.substring(0, 100) : text);
  }

  @Override
  public boolean hasWrites(Plan plan) {
    return true;
  }

  @Override
  public ActionResult dryRun(ActionRequest request, Plan plan) {
    return result(
        request,
        Outcome.PLANNED,
        "[DRY RUN] Comment would be added to ticket " + request.ticketId(),
        plan,
        List.of(describe(request.ticketId(), plan.post())),
        null);
  }

  @Override
  public ActionResult apply(ActionRequest request, Plan plan, boolean reclaimed) {
    int ticketId = request.ticketId();
    Integer entryId = null;
    boolean present =
        reclaimed && CommentReference.isIn(tdx.getTicketFeed(ticketId), plan.reference());
    if (!present) {
      FeedEntry entry = tdx.postFeed(ticketId, plan.post());
      entryId = entry == null ? null : entry.id();
    }
    return result(
        request,
        Outcome.COMPLETED,
        "Comment added to ticket " + ticketId,
        plan,
        List.of(),
        entryId);
  }

  /** {@code POST tickets/123/feed (private comment, 212 chars[, status → 117])}. */
  static String describe(int ticketId, FeedPost post) {
    return "POST tickets/"
        + ticketId
        + "/feed ("
        + (post.isPrivate() ? "private" : "public")
        + (post.isRichHtml() ? " rich-HTML" : "")
        + " comment, "
        + post.comments().length()
        + " chars"
        + (post.newStatusId() > 0 ? ", status → " + post.newStatusId() : "")
        + "): \""
        + post.comments()
        + "\"";
  }

  private static ActionResult result(
      ActionRequest request,
      Outcome outcome,
      String message,
      Plan plan,
      List<String> writes,
      Integer entryId) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("comment_preview", plan.preview());
    details.put("reference", plan.reference());
    if (plan.post().newStatusId() > 0) {
      details.put("new_status_id", plan.post().newStatusId());
    }
    if (entryId != null) {
      details.put("feed_entry_id", entryId);
    }
    return new ActionResult(
        request.action().actionId(),
        request.action().type(),
        outcome,
        message,
        null,
        List.of(),
        writes,
        details);
  }
}
