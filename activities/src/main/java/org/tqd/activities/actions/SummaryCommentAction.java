package org.tqd.activities.actions;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tqd.activities.actions.ActionJournal.UnpostedSummary;
import org.tqd.activities.ledger.ActionLedger;
import org.tqd.activities.ledger.Claim;
import org.tqd.activities.ledger.ClaimOutcome;
import org.tqd.tdx.TdxApi;
import org.tqd.tdx.model.FeedEntry;
import org.tqd.tdx.model.FeedPost;
import org.tqd.workflows.action.SummaryCommentConfig;
import org.tqd.workflows.activities.ActionRequest;
import org.tqd.workflows.activities.ActionResult;
import org.tqd.workflows.activities.ActionResult.Outcome;

/**
 * {@code summary_comment}: posts one comment with the summaries of the earlier actions that have
 * not been posted yet, worded as the Python daemon's ({@link SummaryText}), with the daemon's
 * parameters and messages.
 *
 * <p>In a real run the summaries come from the ledger, not from this run's memory: the rows of the
 * earlier actions of the pipeline that are done, have a summary and are not yet marked as posted.
 * So a summary is never lost when an earlier run died before posting, and never posted twice:
 *
 * <ul>
 *   <li>claimed afresh: the comment text (with its {@link CommentReference}) is stored in the row
 *       as the plan before it is posted; after posting, the summaries are marked posted and the row
 *       is completed;
 *   <li>reclaimed (an earlier attempt died): the stored text is posted again only if its reference
 *       is not in the feed;
 *   <li>already completed, but unposted summaries exist (the pipeline gained an action, or an
 *       earlier run died after posting but before marking): a comment with just those is posted,
 *       unless its reference is already in the feed;
 *   <li>nothing to post and {@code skip_if_empty}: the row is {@code skipped}, no TDX call.
 * </ul>
 *
 * In a dry run the summaries are the run's own ({@code RunContext.summaries()}) and nothing is
 * written.
 */
final class SummaryCommentAction {

  private final TdxApi tdx;
  private final ActionLedger ledger;
  private final ActionJournal journal;
  private final ActionRunner runner;

  SummaryCommentAction(
      TdxApi tdx, ActionLedger ledger, ActionJournal journal, ActionRunner runner) {
    this.tdx = tdx;
    this.ledger = ledger;
    this.journal = journal;
    this.runner = runner;
  }

  /**
   * The comment to post.
   *
   * @param post the feed entry, reference included
   * @param reference its reference
   * @param actionIds the actions whose summaries it carries
   * @param preview the first 200 characters of the text
   */
  record Plan(FeedPost post, String reference, List<String> actionIds, String preview) {}

  ActionResult run(ActionRequest request) {
    try {
      SummaryCommentConfig config = SummaryCommentConfig.from(request.action().params());
      if (request.dryRun()) {
        return dryRun(request, config);
      }
      int ticketId = request.ticketId();
      String actionId = request.action().actionId();
      List<UnpostedSummary> unposted =
          journal.unpostedSummaries(ticketId, request.earlierActionIds());
      Claim claim = runner.claim(request);
      if (claim.outcome() == ClaimOutcome.ALREADY_DONE) {
        if (unposted.isEmpty()) {
          return ActionRunner.alreadyDone(request);
        }
        Plan late = plan(request, config, unposted).orElseThrow();
        return post(request, late, true);
      }
      if (claim.outcome() == ClaimOutcome.RECLAIMED) {
        Plan stored = ActionJournal.pendingPlan(claim.state().metadata(), Plan.class);
        if (stored != null) {
          return post(request, stored, true);
        }
      }
      Optional<Plan> plan = plan(request, config, unposted);
      if (plan.isEmpty()) {
        ActionResult skipped =
            result(
                request,
                Outcome.SKIPPED,
                "No summaries to post (skipped)",
                null,
                List.of(),
                Map.of("skipped", true, "summary_count", 0));
        runner.complete(request, skipped);
        return skipped;
      }
      journal.savePending(ticketId, actionId, plan.get());
      ledger.recordReference(ticketId, actionId, plan.get().reference());
      return post(request, plan.get(), false);
    } catch (RuntimeException e) {
      throw runner.failure(request, e);
    }
  }

  /** The comment for these summaries, or empty when there is nothing to post. */
  private static Optional<Plan> plan(
      ActionRequest request, SummaryCommentConfig config, List<UnpostedSummary> summaries) {
    Optional<String> text =
        SummaryText.compose(
            config.commentPrefix(),
            summaries.stream().map(UnpostedSummary::summary).toList(),
            config.separator(),
            config.skipIfEmpty());
    return text.map(
        t -> {
          CommentReference ref =
              CommentReference.of(request.ticketId(), request.action().actionId(), t);
          FeedPost post =
              FeedPost.comment(
                  ref.appendTo(t, config.isRichHtml()), config.isPrivate(), config.isRichHtml());
          return new Plan(
              post,
              ref.token(),
              summaries.stream().map(UnpostedSummary::actionId).toList(),
              t.length() > 200 ? t.substring(0, 200) : t);
        });
  }

  /**
   * Posts the comment unless {@code checkFeed} finds it already there, marks its summaries posted
   * and completes the row.
   */
  private ActionResult post(ActionRequest request, Plan plan, boolean checkFeed) {
    int ticketId = request.ticketId();
    Integer entryId = null;
    boolean present =
        checkFeed && CommentReference.isIn(tdx.getTicketFeed(ticketId), plan.reference());
    if (!present) {
      FeedEntry entry = tdx.postFeed(ticketId, plan.post());
      entryId = entry == null ? null : entry.id();
    }
    journal.markSummarized(ticketId, plan.actionIds(), plan.reference());
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("summary_count", plan.actionIds().size());
    details.put("summarized_actions", plan.actionIds());
    details.put("reference", plan.reference());
    details.put("comment_preview", plan.preview());
    if (entryId != null) {
      details.put("feed_entry_id", entryId);
    }
    details.put("already_in_feed", present);
    ActionResult done =
        result(
            request,
            Outcome.COMPLETED,
            "Posted summary comment with " + plan.actionIds().size() + " action(s)",
            null,
            List.of(),
            details);
    runner.complete(request, done);
    return done;
  }

  private ActionResult dryRun(ActionRequest request, SummaryCommentConfig config) {
    List<String> summaries = request.context().summaries();
    List<UnpostedSummary> fromRun =
        summaries.stream().map(s -> new UnpostedSummary(null, s)).toList();
    Optional<Plan> plan = plan(request, config, fromRun);
    if (plan.isEmpty()) {
      return result(
          request,
          Outcome.PLANNED,
          "No summaries to post (skipped)",
          null,
          List.of(),
          Map.of("skipped", true, "summary_count", 0));
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("summary_count", summaries.size());
    details.put("comment_preview", plan.get().preview());
    return result(
        request,
        Outcome.PLANNED,
        "[DRY RUN] Summary comment would be posted",
        null,
        List.of(CommentAction.describe(request.ticketId(), plan.get().post())),
        details);
  }

  private static ActionResult result(
      ActionRequest request,
      Outcome outcome,
      String message,
      String summary,
      List<String> writes,
      Map<String, Object> details) {
    return new ActionResult(
        request.action().actionId(),
        request.action().type(),
        outcome,
        message,
        summary,
        List.of(),
        writes,
        details);
  }
}
