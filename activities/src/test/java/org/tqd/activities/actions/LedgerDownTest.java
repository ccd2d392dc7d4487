package org.tqd.activities.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tqd.activities.ledger.Database;
import org.tqd.activities.ledger.PostgresExtension;
import org.tqd.sandbox.RateLimits;
import org.tqd.sandbox.TdxSandbox;
import org.tqd.tdx.model.Ticket;
import org.tqd.workflows.action.ActionSpec;
import org.tqd.workflows.action.ActionSpecs;
import org.tqd.workflows.activities.ActionRequest;
import org.tqd.workflows.activities.FailureTypes;
import org.tqd.workflows.activities.RunContext;

/** With the ledger unreachable, every action fails retryably and writes nothing to TDX. */
class LedgerDownTest {

  @RegisterExtension static final PostgresExtension PG = new PostgresExtension();

  static TdxSandbox sandbox;
  static Harness h;
  static Ticket ticket;

  @BeforeAll
  static void start() {
    sandbox = TdxSandbox.builder().tickets(10).seed(2).rateLimits(RateLimits.off()).build().start();
    Database db = PG.connect();
    h = new Harness(db, sandbox, null);
    ticket = h.ticket(sandbox.reportTickets().get(0));
    db.close();
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  private ApplicationFailure failure(Runnable call) {
    ApplicationFailure f = catchThrowableOfType(ApplicationFailure.class, call::run);
    assertThat(f.getType()).isEqualTo(FailureTypes.LEDGER_UNAVAILABLE);
    assertThat(f.isNonRetryable()).isFalse();
    assertThat(f.getOriginalMessage()).contains("Ticket " + ticket.id(), "will be retried");
    return f;
  }

  private ActionRequest request(ActionSpec spec, List<String> earlier) {
    return h.request(ticket, spec, earlier, RunContext.empty(), false);
  }

  @Test
  void noActionWritesToTdxWhileTheLedgerIsDown() {
    sandbox.resetCalls();
    ActionSpec add = Harness.addAsset();

    failure(() -> h.actions.addAsset(request(add, List.of())));
    failure(
        () ->
            h.actions.comment(
                request(ActionSpecs.create("comment", Map.of("comment_text", "hi")), List.of())));
    failure(
        () ->
            h.actions.changeStatus(
                request(
                    ActionSpecs.create("change_status", Map.of("new_status_id", 117)), List.of())));
    failure(() -> h.actions.findActiveTickets(request(Harness.findActive(), List.of())));
    failure(() -> h.actions.summaryComment(request(Harness.summary(), List.of(add.actionId()))));

    assertThat(h.calls()).isEmpty();
    assertThat(sandbox.state(ticket.id()).feed())
        .hasSameSizeAs(h.client.getTicketFeed(ticket.id()));
  }
}
