package org.tqd.activities.actions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tqd.activities.ledger.ActionLedger;
import org.tqd.activities.ledger.ActionState;
import org.tqd.activities.ledger.ActionStatus;
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
 * {@code summary_comment}: each ticket gets <b>one</b> summary comment, headed by {@code
 * comment_prefix} and worded as the Python daemon's ({@link SummaryText}), carrying the line of
 * every earlier action of the pipeline that ran: never two, never a lost line (DESIGN §3.5b).
 *
 * <p>The lines come from the ledger, not from this run's memory: the rows of the earlier actions
 * that are done, have a summary and are not yet marked as posted ({@link SummaryLines}). So:
 *
 * <ul>
 *   <li><b>Deferred</b> while an earlier action failed (or was left in progress) and a later run
 *       will retry it: nothing is posted or recorded, and the run that completes that action posts
 *       the summary with its line. An action parked after too many failed runs is named as parked;
 *       a not-applicable action does not hold the summary back.
 *   <li>claimed afresh: the comment text (with its {@link CommentReference}) is stored in the row
 *       as the plan before it is posted; after posting, the lines are marked posted and the row is
 *       completed;
 *   <li>reclaimed (an earlier attempt or run claimed the row, and it may have posted): the stored
 *       text is posted again only if its reference is not in the feed;
 *   <li>already posted, and new lines exist (an action whose condition became true later, or one an
 *       operator retried after it was parked): one <b>follow-up</b> comment headed {@value
 *       #FOLLOW_UP_PREFIX} per run, its text stored in the summary row before it is posted and
 *       checked in the feed before it is posted again;
 *   <li>skipped earlier because there was nothing to say, and lines exist now: the summary comment
 *       is posted then, with the prefix (no summary comment was ever posted);
 *   <li>nothing to post and {@code skip_if_empty}: the row is {@code skipped}, no TDX call.
 * </ul>
 *
 * In a dry run the lines are the run's own ({@code RunContext.summaries()}) and nothing is written.
 */
final class SummaryCommentAction {

  /** The first line of a follow-up comment. */
  static final String FOLLOW_UP_PREFIX = "Automated actions (follow-up)";

  private final TdxApi tdx;
  private final ActionLedger ledger;
  private final ActionJournal journal;
  private final ActionRunner runner;
  private final int maxRunsBeforePark;

  SummaryCommentAction(
      TdxApi tdx,
      ActionLedger ledger,
      ActionJournal journal,
      ActionRunner runner,
      int maxRunsBeforePark) {
    this.tdx = tdx;
    this.ledger = ledger;
    this.journal = journal;
    this.runner = runner;
    this.maxRunsBeforePark = maxRunsBeforePark;
  }

  /**
   * The comment to post.
   *
   * @param post the feed entry, reference included
   * @param reference its reference
   * @param actionIds the actions whose lines it carries
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
      List<String> earlier = request.earlierActionIds();
      Map<String, ActionState> rows = ledger.loadStates(ticketId, earlier);
      List<String> awaited = SummaryLines.awaitingRetry(earlier, rows, maxRunsBeforePark);
      if (!awaited.isEmpty()) {
        return result(
            request,
            Outcome.DEFERRED,
            "Summary waits for "
                + String.join(", ", awaited)
                + ", which failed and is retried by a later run",
            List.of(),
            Map.of("waiting_for", awaited));
      }
      java.util.Optional<ActionResult> paused = runner.paused(request);
      if (paused.isPresent()) {
        return paused.get();
      }
      Claim claim = runner.claim(request);
      if (claim.state() != null && claim.state().status() == ActionStatus.ROLLED_BACK) {
        // undone by an operator: final until an operator redoes it
        return ActionRunner.alreadyDone(request);
      }
      CommentReference.Scope generation =
          CommentReference.inGeneration(ActionRunner.generation(claim));
      try {
        ActionState row = claim.state();
        if (claim.outcome() == ClaimOutcome.ALREADY_DONE) {
          if (SummaryLines.commentPosted(row)) {
            return followUp(request, config, earlier, rows, row);
          }
          // Skipped before for want of lines: with lines now, this is the ticket's first summary.
          List<SummaryLines.Line> lines =
              SummaryLines.unposted(earlier, rows, maxRunsBeforePark, true);
          if (lines.isEmpty()) {
            return ActionRunner.alreadyDone(request);
          }
          ledger.reopen(ticketId, actionId(request));
          return postNew(request, config, lines);
        }
        if (claim.outcome() == ClaimOutcome.RECLAIMED) {
          Plan stored = ActionJournal.pendingPlan(row.metadata(), Plan.class);
          if (stored != null) {
            ActionResult done = post(request, stored, true);
            // Lines that came in after the stored text was written go in a follow-up.
            Map<String, ActionState> after = ledger.loadStates(ticketId, earlier);
            if (SummaryLines.unposted(earlier, after, maxRunsBeforePark, false).isEmpty()) {
              return done;
            }
            ActionState posted =
                ledger.loadStates(ticketId, List.of(actionId(request))).get(actionId(request));
            return followUp(request, config, earlier, after, posted);
          }
        }
        return postNew(
            request, config, SummaryLines.unposted(earlier, rows, maxRunsBeforePark, true));
      } finally {
        generation.close();
      }
    } catch (RuntimeException e) {
      throw runner.failure(request, e);
    }
  }

  /** Posts the ticket's summary comment with these lines, or records it skipped when empty. */
  private ActionResult postNew(
      ActionRequest request, SummaryCommentConfig config, List<SummaryLines.Line> lines) {
    int ticketId = request.ticketId();
    String actionId = actionId(request);
    Optional<Plan> plan =
        plan(request, config, config.commentPrefix(), lines, config.skipIfEmpty());
    if (plan.isEmpty()) {
      ActionResult skipped =
          result(
              request,
              Outcome.SKIPPED,
              "No summaries to post (skipped)",
              List.of(),
              Map.of("skipped", true, "summary_count", 0));
      runner.complete(request, skipped);
      return skipped;
    }
    journal.savePending(ticketId, actionId, plan.get());
    ledger.recordReference(ticketId, actionId, plan.get().reference());
    return post(request, plan.get(), false);
  }

  /**
   * After the summary comment was posted: posts the lines that came in since in one follow-up
   * comment. A follow-up stored by an earlier attempt is settled first (posted unless its reference
   * is in the feed).
   */
  private ActionResult followUp(
      ActionRequest request,
      SummaryCommentConfig config,
      List<String> earlier,
      Map<String, ActionState> rows,
      ActionState summaryRow) {
    int ticketId = request.ticketId();
    String actionId = actionId(request);
    Map<String, Object> details = new LinkedHashMap<>();
    List<String> posted = new ArrayList<>();
    Plan leftover =
        summaryRow == null ? null : ActionJournal.followUpPlan(summaryRow.metadata(), Plan.class);
    if (leftover != null) {
      boolean present = CommentReference.isIn(tdx.getTicketFeed(ticketId), leftover.reference());
      if (!present) {
        tdx.postFeed(ticketId, leftover.post());
      }
      journal.markSummarized(ticketId, leftover.actionIds(), leftover.reference());
      journal.clearFollowUp(ticketId, actionId);
      posted.add(leftover.reference());
      details.put("earlier_follow_up", leftover.reference());
      details.put("earlier_follow_up_already_in_feed", present);
      rows = ledger.loadStates(ticketId, earlier);
    }
    List<SummaryLines.Line> lines = SummaryLines.unposted(earlier, rows, maxRunsBeforePark, false);
    if (lines.isEmpty()) {
      if (posted.isEmpty()) {
        return ActionRunner.alreadyDone(request);
      }
      return result(
          request, Outcome.COMPLETED, "Posted an earlier follow-up comment", List.of(), details);
    }
    Plan plan = plan(request, config, FOLLOW_UP_PREFIX, lines, true).orElseThrow();
    journal.saveFollowUp(ticketId, actionId, plan);
    FeedEntry entry = tdx.postFeed(ticketId, plan.post());
    journal.markSummarized(ticketId, plan.actionIds(), plan.reference());
    journal.clearFollowUp(ticketId, actionId);
    details.put("follow_up_count", plan.actionIds().size());
    details.put("summarized_actions", plan.actionIds());
    details.put("reference", plan.reference());
    details.put("comment_preview", plan.preview());
    if (entry != null) {
      details.put("feed_entry_id", entry.id());
    }
    return result(
        request,
        Outcome.COMPLETED,
        "Posted follow-up comment with " + plan.actionIds().size() + " action(s)",
        List.of(),
        details);
  }

  /** The comment for these lines under this heading, or empty when there is nothing to post. */
  private static Optional<Plan> plan(
      ActionRequest request,
      SummaryCommentConfig config,
      String heading,
      List<SummaryLines.Line> lines,
      boolean skipIfEmpty) {
    Optional<String> text =
        SummaryText.compose(
            heading,
            lines.stream().map(SummaryLines.Line::text).toList(),
            config.separator(),
            skipIfEmpty);
    return text.map(
        t -> {
          CommentReference ref = CommentReference.of(request.ticketId(), actionId(request), t);
          FeedPost post =
              FeedPost.comment(
                  ref.appendTo(t, config.isRichHtml()), config.isPrivate(), config.isRichHtml());
          return new Plan(
              post,
              ref.token(),
              lines.stream().map(SummaryLines.Line::actionId).toList(),
              t.length() > 200 ? t.substring(0, 200) : t);
        });
  }

  /**
   * Posts the summary comment unless {@code checkFeed} finds it already there, marks its lines
   * posted and completes the row.
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
            List.of(),
            details);
    runner.complete(request, done);
    return done;
  }

  private ActionResult dryRun(ActionRequest request, SummaryCommentConfig config) {
    List<String> summaries = request.context().summaries();
    List<SummaryLines.Line> fromRun =
        summaries.stream().map(s -> new SummaryLines.Line(null, s)).toList();
    Optional<Plan> plan =
        plan(request, config, config.commentPrefix(), fromRun, config.skipIfEmpty());
    if (plan.isEmpty()) {
      return result(
          request,
          Outcome.PLANNED,
          "No summaries to post (skipped)",
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
        List.of(CommentAction.describe(request.ticketId(), plan.get().post())),
        details);
  }

  private static String actionId(ActionRequest request) {
    return request.action().actionId();
  }

  private static ActionResult result(
      ActionRequest request,
      Outcome outcome,
      String message,
      List<String> writes,
      Map<String, Object> details) {
    return new ActionResult(
        actionId(request),
        request.action().type(),
        outcome,
        message,
        null,
        List.of(),
        writes,
        details);
  }
}
