package org.tqd.activities.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tqd.activities.ledger.ActionState;
import org.tqd.activities.ledger.ActionStatus;
import org.tqd.activities.ledger.ClaimContext;
import org.tqd.activities.ledger.ClaimOutcome;
import org.tqd.activities.ledger.PostgresExtension;
import org.tqd.sandbox.RateLimits;
import org.tqd.sandbox.TdxSandbox;
import org.tqd.sandbox.TicketState;
import org.tqd.sandbox.TicketTruth;
import org.tqd.tdx.model.Ticket;
import org.tqd.workflows.action.ActionSpec;
import org.tqd.workflows.action.ActionSpecs;
import org.tqd.workflows.activities.ActionActivities;
import org.tqd.workflows.activities.ActionRequest;
import org.tqd.workflows.activities.ActionResult;
import org.tqd.workflows.activities.ActionResult.Outcome;
import org.tqd.workflows.activities.FailureTypes;
import org.tqd.workflows.activities.RunContext;

/**
 * A crash after the TDX write, with the ledger row left {@code in_progress}: the next attempt finds
 * its own claim, checks TDX, and writes nothing twice. Runs through Temporal's
 * TestActivityEnvironment (real activity context, failures as Temporal serialises them).
 */
class ReclaimTest {

  @RegisterExtension static final PostgresExtension PG = new PostgresExtension();

  static TdxSandbox sandbox;
  static Harness h;
  TestActivityEnvironment env;
  ActionActivities activities;

  @BeforeAll
  static void start() {
    sandbox =
        TdxSandbox.builder().tickets(60).seed(11).rateLimits(RateLimits.off()).build().start();
    h = new Harness(PG, sandbox);
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  @BeforeEach
  void environment() {
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(h.actions);
    activities =
        env.newActivityStub(
            ActionActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(30))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                .build());
  }

  @AfterEach
  void cleanUp() {
    env.close();
    sandbox.faults().reset();
  }

  /** The ApplicationFailure a stub call failed with. */
  private static ApplicationFailure failureOf(Runnable call) {
    ActivityFailure f = catchThrowableOfType(ActivityFailure.class, call::run);
    assertThat(f.getCause()).isInstanceOf(ApplicationFailure.class);
    return (ApplicationFailure) f.getCause();
  }

  private ActionState row(int ticketId, ActionSpec spec) {
    return h.ledger.loadStates(ticketId, List.of(spec.actionId())).get(spec.actionId());
  }

  private long feedEntriesShowing(int ticketId, String token) {
    return sandbox.state(ticketId).feed().stream()
        .map(TicketState.FeedEntry::body)
        .filter(b -> CommentReference.isIn(List.of(asFeed(b)), token))
        .count();
  }

  private static org.tqd.tdx.model.FeedEntry asFeed(String body) {
    return new org.tqd.tdx.model.FeedEntry(
        0, null, null, null, null, body, 1, false, 0, null, null);
  }

  @Test
  void anAssetLinkWhoseAnswerWasLostIsNotPostedAgain() {
    TicketTruth truth = h.first("description names the computer");
    int id = truth.ticketId();
    ActionSpec add = Harness.addAsset();
    sandbox
        .faults()
        .serverErrorAfterWriteShare(1.0)
        .templates(Set.of("POST tickets/{id}/assets/{assetId}"));

    ApplicationFailure crash = failureOf(() -> activities.addAsset(h.request(id, add)));

    assertThat(crash.getType()).isEqualTo(FailureTypes.SERVER_ERROR);
    assertThat(h.linked(id)).isEqualTo(truth.expectedAssetIds());
    assertThat(row(id, add).status()).isEqualTo(ActionStatus.IN_PROGRESS);
    assertThat(row(id, add).workflowId()).isNotNull();

    sandbox.faults().reset().duplicateAssetError(true);
    sandbox.resetCalls();
    ActionResult retry = activities.addAsset(h.request(id, add));

    assertThat(retry.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(retry.message()).isEqualTo("Added 1 asset(s) from Phase 1");
    assertThat(retry.assetsAdded()).isEqualTo(truth.expectedAssetIds());
    assertThat(h.calls()).doesNotContainKey("POST tickets/{id}/assets/{assetId}");
    assertThat(h.linked(id)).isEqualTo(truth.expectedAssetIds());
    assertThat(row(id, add).status()).isEqualTo(ActionStatus.COMPLETED);
    assertThat(row(id, add).summary()).isEqualTo(retry.summary());
  }

  @Test
  void aSummaryWhoseAnswerWasLostIsNotPostedAgainEvenWhenTdxRewritesItsHtml() {
    TicketTruth truth = h.first("title names the computer");
    int id = truth.ticketId();
    ActionSpec add = Harness.addAsset();
    ActionSpec summary = Harness.summary();
    Ticket ticket = h.ticket(id);
    ActionResult added =
        activities.addAsset(h.request(ticket, add, List.of(), RunContext.empty(), false));
    ActionRequest summarize =
        h.request(ticket, summary, List.of(add.actionId()), RunContext.empty().with(added), false);
    sandbox
        .faults()
        .htmlRewrite(true)
        .serverErrorAfterWriteShare(1.0)
        .templates(Set.of("POST tickets/{id}/feed"));

    failureOf(() -> activities.summaryComment(summarize));

    String reference = row(id, summary).reference();
    assertThat(reference).matches("\\[tqd:[0-9a-f]{8}]");
    assertThat(feedEntriesShowing(id, reference)).isEqualTo(1);

    sandbox.faults().reset().htmlRewrite(true);
    sandbox.resetCalls();
    ActionResult retry = activities.summaryComment(summarize);

    assertThat(retry.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(retry.details()).containsEntry("already_in_feed", true);
    assertThat(h.calls()).doesNotContainKey("POST tickets/{id}/feed");
    assertThat(feedEntriesShowing(id, reference)).isEqualTo(1);
    assertThat(h.journal.unpostedSummaries(id, List.of(add.actionId()))).isEmpty();

    // A later run finds everything done and posts nothing.
    assertThat(activities.summaryComment(summarize).outcome()).isEqualTo(Outcome.ALREADY_DONE);
    assertThat(feedEntriesShowing(id, reference)).isEqualTo(1);
  }

  @Test
  void aCommentPostedJustBeforeACrashIsFoundByItsReference() {
    int id = h.first("nothing named; the requestor owns several active computers").ticketId();
    ActionSpec spec =
        ActionSpecs.create(
            "comment",
            Map.of(
                "comment_text",
                "<p>Please <b>restart</b> your computer.</p>",
                "is_rich_html",
                true));
    ActionRequest request = h.request(id, spec);
    // The crash, step by step: the claim, the plan stored with it, the TDX write; then nothing.
    assertThat(
            h.ledger
                .claim(
                    id,
                    spec.actionId(),
                    spec.type(),
                    spec.actionHash(),
                    new ClaimContext(null, "run-1", null, null))
                .outcome())
        .isEqualTo(ClaimOutcome.CLAIMED_NEW);
    CommentAction comment = new CommentAction(h.client);
    CommentAction.Plan plan = comment.plan(request);
    h.journal.savePending(id, spec.actionId(), plan);
    sandbox.faults().htmlRewrite(true);
    h.client.postFeed(id, plan.post());

    sandbox.resetCalls();
    ActionResult retry = activities.comment(request);

    assertThat(retry.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(retry.message()).isEqualTo("Comment added to ticket " + id);
    assertThat(h.calls()).doesNotContainKey("POST tickets/{id}/feed");
    assertThat(feedEntriesShowing(id, plan.reference())).isEqualTo(1);
    assertThat(row(id, spec).status()).isEqualTo(ActionStatus.COMPLETED);
  }

  @Test
  void aStatusChangeMadeJustBeforeACrashIsNotMadeAgain() {
    int id = h.first("nothing named; the requestor owns no computer").ticketId();
    ActionSpec spec = ActionSpecs.create("change_status", Map.of("new_status_id", 117));
    ActionRequest request = h.request(id, spec);
    assertThat(sandbox.state(id).statusId()).isNotEqualTo(117);
    h.ledger.claim(id, spec.actionId(), spec.type(), spec.actionHash(), null);
    ChangeStatusAction change = new ChangeStatusAction(h.client);
    ChangeStatusAction.Plan plan = change.plan(request);
    h.journal.savePending(id, spec.actionId(), plan);
    h.client.postFeed(id, plan.post());
    int entries = sandbox.state(id).feed().size();

    sandbox.resetCalls();
    ActionResult retry = activities.changeStatus(request);

    assertThat(retry.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(h.calls()).containsOnlyKeys("GET tickets/{id}");
    assertThat(sandbox.state(id).statusId()).isEqualTo(117);
    assertThat(sandbox.state(id).feed()).hasSize(entries);
  }
}
