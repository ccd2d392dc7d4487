package org.tqd.activities.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tqd.activities.ledger.ActionStatus;
import org.tqd.activities.ledger.ClaimContext;
import org.tqd.activities.ledger.PostgresExtension;
import org.tqd.sandbox.RateLimits;
import org.tqd.sandbox.TdxSandbox;
import org.tqd.sandbox.TicketState;
import org.tqd.sandbox.TicketTruth;
import org.tqd.tdx.model.Ticket;
import org.tqd.workflows.action.ActionSpec;
import org.tqd.workflows.activities.ActionResult;
import org.tqd.workflows.activities.ActionResult.Outcome;
import org.tqd.workflows.activities.FailureTypes;
import org.tqd.workflows.activities.RunContext;

/** summary_comment reads its summaries from the ledger: never lost, never posted twice. */
class SummaryCommentTest {

  @RegisterExtension static final PostgresExtension PG = new PostgresExtension();

  static final String PREFIX = "🤖 Automated Actions Summary";

  static TdxSandbox sandbox;
  static Harness h;
  static final ActionSpec ADD = Harness.addAsset();
  static final ActionSpec FIND = Harness.findActive();
  static final ActionSpec SUMMARY = Harness.summary();

  @BeforeAll
  static void start() {
    sandbox =
        TdxSandbox.builder().tickets(60).seed(21).rateLimits(RateLimits.off()).build().start();
    h = new Harness(PG, sandbox);
    // The tests that take the first ticket of a kind keep it to themselves.
    for (String reason :
        List.of(
            "title names the computer",
            "description names the computer",
            "description gives the computer's serial number")) {
      USED.add(h.first(reason).ticketId());
    }
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  @AfterEach
  void clearFaults() {
    sandbox.faults().reset();
  }

  private List<String> summaryComments(int ticketId) {
    return sandbox.state(ticketId).feed().stream()
        .map(TicketState.FeedEntry::body)
        .filter(b -> b.startsWith(PREFIX))
        .toList();
  }

  private ActionResult summarize(Ticket ticket, List<ActionSpec> earlier, RunContext context) {
    return h.actions.summaryComment(
        h.request(
            ticket, SUMMARY, earlier.stream().map(ActionSpec::actionId).toList(), context, false));
  }

  private ActionResult run(Ticket ticket, ActionSpec spec) {
    return spec.type().equals("add_asset")
        ? h.actions.addAsset(h.request(ticket, spec, List.of(), RunContext.empty(), false))
        : h.actions.findActiveTickets(
            h.request(ticket, spec, List.of(), RunContext.empty(), false));
  }

  @Test
  void aSummaryFromAnEarlierRunThatDiedIsPostedByTheNextRun() {
    TicketTruth truth = h.first("title names the computer");
    Ticket ticket = h.ticket(truth.ticketId());
    ActionResult added = run(ticket, ADD); // the run dies here, before its summary comment

    ActionResult again = run(ticket, ADD); // the next run: already done, no summary in memory
    assertThat(again.outcome()).isEqualTo(Outcome.ALREADY_DONE);
    ActionResult posted = summarize(ticket, List.of(ADD), RunContext.empty().with(again));

    assertThat(posted.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(posted.message()).isEqualTo("Posted summary comment with 1 action(s)");
    String reference =
        h.ledger
            .loadStates(ticket.id(), List.of(SUMMARY.actionId()))
            .get(SUMMARY.actionId())
            .reference();
    assertThat(summaryComments(ticket.id()))
        .containsExactly(
            PREFIX + "\n\n<br>1. " + added.summary() + "<br><small>" + reference + "</small>");

    assertThat(summarize(ticket, List.of(ADD), RunContext.empty()).outcome())
        .isEqualTo(Outcome.ALREADY_DONE);
    assertThat(summaryComments(ticket.id())).hasSize(1);
  }

  @Test
  void aPostThatFailedIsPostedOnceWithTheSameTextOnRetry() {
    TicketTruth truth = h.first("description names the computer");
    Ticket ticket = h.ticket(truth.ticketId());
    ActionResult added = run(ticket, ADD);
    sandbox.faults().serverErrorShare(1.0).templates(Set.of("POST tickets/{id}/feed"));

    ApplicationFailure f =
        catchThrowableOfType(
            ApplicationFailure.class,
            () -> summarize(ticket, List.of(ADD), RunContext.empty().with(added)));
    assertThat(f.getType()).isEqualTo(FailureTypes.SERVER_ERROR);
    assertThat(summaryComments(ticket.id())).isEmpty();

    sandbox.faults().reset();
    ActionResult retry = summarize(ticket, List.of(ADD), RunContext.empty().with(added));

    assertThat(retry.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(retry.details()).containsEntry("already_in_feed", false);
    assertThat(summaryComments(ticket.id())).hasSize(1);
    assertThat(summaryComments(ticket.id()).get(0)).contains(added.summary());
  }

  @Test
  void anActionThatRunsAfterTheSummaryWasPostedReportsInOneFollowUp() {
    Ticket ticket = null;
    for (TicketTruth t : sandbox.truth()) {
      if (t.inReport() && t.reason().equals("description gives the computer's serial number")) {
        ticket = h.ticket(t.ticketId());
        break;
      }
    }
    ActionResult added = run(ticket, ADD);
    summarize(ticket, List.of(ADD), RunContext.empty().with(added));
    assertThat(summaryComments(ticket.id())).hasSize(1);

    ActionResult found = run(ticket, FIND); // its condition became true, or the pipeline gained it
    assertThat(found.summary()).startsWith("<strong>📋 Related Active Tickets</strong>");
    ActionResult second = summarize(ticket, List.of(ADD, FIND), RunContext.empty().with(found));

    assertThat(second.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(second.details()).containsEntry("follow_up_count", 1);
    assertThat(summaryComments(ticket.id())).hasSize(1);
    List<String> followUps = comments(ticket.id(), SummaryCommentAction.FOLLOW_UP_PREFIX);
    assertThat(followUps).hasSize(1);
    assertThat(followUps.get(0))
        .startsWith(
            SummaryCommentAction.FOLLOW_UP_PREFIX
                + "\n\n<br>1. <strong>📋 Related Active Tickets</strong>")
        .doesNotContain(added.summary());

    assertThat(summarize(ticket, List.of(ADD, FIND), RunContext.empty()).outcome())
        .isEqualTo(Outcome.ALREADY_DONE);
    assertThat(summaryComments(ticket.id())).hasSize(1);
    assertThat(comments(ticket.id(), SummaryCommentAction.FOLLOW_UP_PREFIX)).hasSize(1);
  }

  @Test
  void aFailedActionHoldsTheSummaryBackUntilTheRunThatCompletesIt() {
    TicketTruth truth = unused("title names the computer");
    Ticket ticket = h.ticket(truth.ticketId());
    sandbox.faults().permissionDenied(true).templates(Set.of("POST tickets/{id}/assets/{assetId}"));
    catchThrowableOfType(ApplicationFailure.class, () -> run(ticket, ADD));
    h.ledger.fail(ticket.id(), ADD.actionId(), "TdxForbidden: 403", Map.of());
    ActionResult found = run(ticket, FIND);

    ActionResult held = summarize(ticket, List.of(ADD, FIND), RunContext.empty());
    assertThat(held.outcome()).isEqualTo(Outcome.DEFERRED);
    assertThat(held.details()).containsEntry("waiting_for", List.of(ADD.actionId()));
    assertThat(summaryComments(ticket.id())).isEmpty();

    sandbox.faults().reset();
    ActionResult added = run(ticket, ADD); // the next poll's run
    assertThat(added.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(h.linked(ticket.id())).containsExactlyInAnyOrderElementsOf(truth.expectedAssetIds());
    ActionResult posted = summarize(ticket, List.of(ADD, FIND), RunContext.empty());

    assertThat(posted.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(summaryComments(ticket.id())).hasSize(1);
    assertThat(summaryComments(ticket.id()).get(0))
        .contains("<br>1. " + added.summary())
        .contains(found.summary() == null ? "" : found.summary());
  }

  @Test
  void aParkedActionIsNamedAsParkedAndItsLaterSuccessGoesInAFollowUp() {
    TicketTruth truth = unused("description names the computer");
    Ticket ticket = h.ticket(truth.ticketId());
    ClaimContext[] runs = {
      new ClaimContext("wf", "r1", null, "p"),
      new ClaimContext("wf", "r2", null, "p"),
      new ClaimContext("wf", "r3", null, "p")
    };
    for (ClaimContext run : runs) {
      h.ledger.claim(ticket.id(), ADD.actionId(), "add_asset", ADD.actionHash(), run);
      h.ledger.fail(ticket.id(), ADD.actionId(), "TdxForbidden: <403> no access", Map.of());
    }

    ActionResult posted = summarize(ticket, List.of(ADD), RunContext.empty());

    assertThat(posted.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(summaryComments(ticket.id())).hasSize(1);
    assertThat(summaryComments(ticket.id()).get(0))
        .contains(
            "<br>1. ⚠️ add_asset did not complete after 3 run(s) and is parked until an operator"
                + " retries it (last error: TdxForbidden: &lt;403&gt; no access)");

    h.ledger.retry(ticket.id()); // tqd retry: the next run reclaims and completes it
    ActionResult held = summarize(ticket, List.of(ADD), RunContext.empty());
    assertThat(held.outcome()).isEqualTo(Outcome.DEFERRED);
    ActionResult added = run(ticket, ADD);
    assertThat(added.outcome()).isEqualTo(Outcome.COMPLETED);
    summarize(ticket, List.of(ADD), RunContext.empty());

    assertThat(summaryComments(ticket.id())).hasSize(1);
    assertThat(comments(ticket.id(), SummaryCommentAction.FOLLOW_UP_PREFIX))
        .singleElement()
        .asString()
        .contains("<br>1. " + added.summary());
  }

  @Test
  void aSummarySkippedForWantOfLinesIsPostedWithItsPrefixWhenALineAppears() {
    TicketTruth truth = unused("title names the computer");
    Ticket ticket = h.ticket(truth.ticketId());
    ActionResult empty = summarize(ticket, List.of(ADD), RunContext.empty());
    assertThat(empty.outcome()).isEqualTo(Outcome.SKIPPED);

    ActionResult added = run(ticket, ADD); // its condition became true at a later poll
    ActionResult posted = summarize(ticket, List.of(ADD), RunContext.empty());

    assertThat(posted.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(summaryComments(ticket.id()))
        .singleElement()
        .asString()
        .contains("<br>1. " + added.summary());
    assertThat(comments(ticket.id(), SummaryCommentAction.FOLLOW_UP_PREFIX)).isEmpty();
  }

  @Test
  void aPostWhoseAnswerWasLostInARunThatFailedIsNotRepeatedByTheNextRun() {
    TicketTruth truth = unused("title names the computer");
    Ticket ticket = h.ticket(truth.ticketId());
    ActionResult added = run(ticket, ADD);
    // The comment is posted, its answer lost, and TDX fails until the attempts are spent.
    sandbox.faults().serverErrorAfterWriteShare(1.0).templates(Set.of("POST tickets/{id}/feed"));
    catchThrowableOfType(
        ApplicationFailure.class,
        () -> summarize(ticket, List.of(ADD), RunContext.empty().with(added)));
    sandbox.faults().reset().serverErrorShare(1.0);
    catchThrowableOfType(
        ApplicationFailure.class,
        () -> summarize(ticket, List.of(ADD), RunContext.empty().with(added)));
    // The workflow records the failure once the attempts are spent.
    h.ledger.fail(ticket.id(), SUMMARY.actionId(), "TdxServerError: 500", Map.of());
    assertThat(summaryComments(ticket.id())).hasSize(1);

    sandbox.faults().reset();
    ActionResult next = summarize(ticket, List.of(ADD), RunContext.empty()); // the next poll
    assertThat(next.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(next.details()).containsEntry("already_in_feed", true);
    h.ledger.clearFailed(ticket.id());
    h.ledger.retry(ticket.id());
    assertThat(summarize(ticket, List.of(ADD), RunContext.empty()).outcome())
        .isEqualTo(Outcome.ALREADY_DONE);

    assertThat(summaryComments(ticket.id())).hasSize(1);
  }

  @Test
  void theDaemonsLinesAreRebuiltFromItsDetailsWhenItsSummaryFailed() {
    TicketTruth truth = unused("description names the computer");
    Ticket ticket = h.ticket(truth.ticketId());
    // What the Python daemon stored: add_asset completed, its summary comment failed.
    h.db
        .jdbi()
        .useHandle(
            hd -> {
              hd.execute(
                  "INSERT INTO meta.daemon_action_log (ticket_id, action_type, action_id, status,"
                      + " metadata) VALUES (?, 'add_asset', ?, 'completed', CAST(? AS jsonb))",
                  ticket.id(),
                  ADD.actionId(),
                  "{\"details\": {\"phase\": 1, \"identifiers_found\": [\"LAB-PC-07\"],"
                      + " \"assets_added\": 1, \"assets_failed\": 0,"
                      + " \"asset_names\": [\"LAB-PC-07\"]}, \"config\": {}}");
              hd.execute(
                  "INSERT INTO meta.daemon_action_log (ticket_id, action_type, action_id, status,"
                      + " error_message, metadata) VALUES (?, 'summary_comment', ?, 'failed',"
                      + " 'Error posting summary comment: 502', CAST('{}' AS jsonb))",
                  ticket.id(),
                  SUMMARY.actionId());
            });

    ActionResult posted = summarize(ticket, List.of(ADD), RunContext.empty());

    assertThat(posted.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(summaryComments(ticket.id()))
        .singleElement()
        .asString()
        .contains(
            "<br>1. Added 1 asset(s): LAB-PC-07. Reason: Computer identifier(s) found in ticket"
                + " title/description (LAB-PC-07)");
  }

  private static final Set<Integer> USED = new java.util.HashSet<>();

  /** A ticket of the report built this way that no other test of this class uses. */
  private static synchronized TicketTruth unused(String reason) {
    for (TicketTruth t : sandbox.truth()) {
      if (t.inReport() && t.reason().equals(reason) && USED.add(t.ticketId())) {
        return t;
      }
    }
    throw new IllegalStateException("no unused ticket: " + reason);
  }

  private List<String> comments(int ticketId, String heading) {
    return sandbox.state(ticketId).feed().stream()
        .map(TicketState.FeedEntry::body)
        .filter(b -> b.startsWith(heading))
        .toList();
  }

  @Test
  void nothingToSayIsSkippedWithoutCallingTdx() {
    Ticket ticket = h.ticket(h.first("nothing named; the requestor owns no computer").ticketId());
    sandbox.resetCalls();

    ActionResult r = summarize(ticket, List.of(), RunContext.empty());

    assertThat(r.outcome()).isEqualTo(Outcome.SKIPPED);
    assertThat(r.message()).isEqualTo("No summaries to post (skipped)");
    assertThat(h.calls()).isEmpty();
    assertThat(
            h.ledger
                .loadStates(ticket.id(), List.of(SUMMARY.actionId()))
                .get(SUMMARY.actionId())
                .status())
        .isEqualTo(ActionStatus.SKIPPED);
  }
}
