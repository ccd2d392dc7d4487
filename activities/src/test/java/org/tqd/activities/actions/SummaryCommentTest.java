package org.tqd.activities.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tqd.activities.ledger.ActionStatus;
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
  void anActionAddedToThePipelineLaterGetsItsOwnSummaryOnce() {
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

    ActionResult found = run(ticket, FIND); // the pipeline gained find_active_tickets
    assertThat(found.summary()).startsWith("<strong>📋 Related Active Tickets</strong>");
    ActionResult second = summarize(ticket, List.of(ADD, FIND), RunContext.empty().with(found));

    assertThat(second.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(second.details()).containsEntry("summary_count", 1);
    assertThat(summaryComments(ticket.id())).hasSize(2);
    assertThat(summaryComments(ticket.id()).get(1))
        .startsWith(PREFIX + "\n\n<br>1. <strong>📋 Related Active Tickets</strong>")
        .doesNotContain(added.summary());

    assertThat(summarize(ticket, List.of(ADD, FIND), RunContext.empty()).outcome())
        .isEqualTo(Outcome.ALREADY_DONE);
    assertThat(summaryComments(ticket.id())).hasSize(2);
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
