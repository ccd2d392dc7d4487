package org.tqd.activities.actions;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tqd.tdx.TdxApi;
import org.tqd.tdx.model.FeedPost;
import org.tqd.workflows.action.ChangeStatusConfig;
import org.tqd.workflows.activities.ActionRequest;
import org.tqd.workflows.activities.ActionResult;
import org.tqd.workflows.activities.ActionResult.Outcome;
import org.tqd.workflows.rules.Templates;

/**
 * {@code change_status}: sets the ticket's status through the feed ({@code POST tickets/{id}/feed}
 * with {@code NewStatusID}, cascading to child tickets when {@code cascade} is true). Parameters:
 * {@code new_status_id} (required), {@code cascade} (default false), {@code comment_text} (default
 * {@value #COMMENT}). Skipped, with no TDX call, when the ticket already has that status; a retry
 * first reads the ticket and posts only if the status is not yet set. The private feed entry
 * carries a {@link CommentReference}. No summary line.
 */
final class ChangeStatusAction implements PlannedAction<ChangeStatusAction.Plan> {

  /** The text of the feed entry that changes the status. */
  static final String COMMENT = "Status changed by automation.";

  private final TdxApi tdx;

  ChangeStatusAction(TdxApi tdx) {
    this.tdx = tdx;
  }

  /**
   * @param newStatusId the status to set
   * @param alreadySet true when the ticket had that status when the run read it
   * @param post the feed entry to post
   */
  record Plan(int newStatusId, boolean alreadySet, FeedPost post, boolean guarded) {}

  @Override
  public Class<Plan> planType() {
    return Plan.class;
  }

  @Override
  public Plan plan(ActionRequest request) {
    ChangeStatusConfig c = ChangeStatusConfig.from(request.action().params());
    int status = c.newStatusId();
    String text =
        c.commentText() == null
            ? COMMENT
            : TemplateContext.render(c.commentText(), request, Templates.Escape.NONE);
    CommentReference ref =
        CommentReference.of(request.ticketId(), request.action().actionId(), text);
    FeedPost post =
        new FeedPost(
            status, c.cascade(), ref.appendTo(text, false), List.of("null"), true, false, false);
    int current = request.ticket().statusId();
    // The transition guard: a status outside from_status_ids is left alone (skipped, no write).
    boolean guarded =
        c.fromStatusIds() != null && current != status && !c.fromStatusIds().contains(current);
    return new Plan(status, current == status, post, guarded);
  }

  @Override
  public boolean hasWrites(Plan plan) {
    return !plan.alreadySet() && !plan.guarded();
  }

  @Override
  public ActionResult dryRun(ActionRequest request, Plan plan) {
    int id = request.ticketId();
    if (plan.guarded()) {
      return result(request, Outcome.PLANNED, guardMessage(request, plan), plan, List.of());
    }
    return plan.alreadySet()
        ? result(request, Outcome.PLANNED, alreadyMessage(id, plan), plan, List.of())
        : result(
            request,
            Outcome.PLANNED,
            "[DRY RUN] Status of ticket " + id + " would change to " + plan.newStatusId(),
            plan,
            List.of(CommentAction.describe(id, plan.post())));
  }

  @Override
  public ActionResult apply(ActionRequest request, Plan plan, boolean reclaimed) {
    int id = request.ticketId();
    if (plan.guarded()) {
      return result(request, Outcome.SKIPPED, guardMessage(request, plan), plan, List.of());
    }
    if (plan.alreadySet()) {
      return result(request, Outcome.SKIPPED, alreadyMessage(id, plan), plan, List.of());
    }
    if (!reclaimed || tdx.getTicket(id).statusId() != plan.newStatusId()) {
      tdx.postFeed(id, plan.post());
    }
    return result(
        request,
        Outcome.COMPLETED,
        "Status of ticket " + id + " changed to " + plan.newStatusId(),
        plan,
        List.of());
  }

  private static String guardMessage(ActionRequest request, Plan plan) {
    return "Ticket "
        + request.ticketId()
        + " has status "
        + request.ticket().statusId()
        + ", not one of from_status_ids; status "
        + plan.newStatusId()
        + " not set (skipped)";
  }

  private static String alreadyMessage(int id, Plan plan) {
    return "Ticket " + id + " already has status " + plan.newStatusId() + " (skipped)";
  }

  private static ActionResult result(
      ActionRequest request, Outcome outcome, String message, Plan plan, List<String> writes) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("new_status_id", plan.newStatusId());
    details.put("previous_status_id", request.ticket().statusId());
    details.put("cascade", plan.post().cascadeStatus());
    if (plan.alreadySet() || plan.guarded()) {
      details.put("skipped", true);
    }
    if (plan.guarded()) {
      details.put("guarded", true);
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
