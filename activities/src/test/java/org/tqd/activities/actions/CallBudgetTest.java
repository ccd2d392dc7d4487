package org.tqd.activities.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tqd.activities.ledger.PostgresExtension;
import org.tqd.sandbox.TdxSandbox;
import org.tqd.sandbox.TicketTruth;
import org.tqd.tdx.model.Ticket;
import org.tqd.workflows.action.ActionSpec;
import org.tqd.workflows.activities.ActionResult;
import org.tqd.workflows.activities.FailureTypes;
import org.tqd.workflows.activities.RunContext;

/**
 * TDX calls per ticket, counted by the sandbox (TDX's documented rate limits on): a ticket whose
 * title names one computer costs at most 8 calls for FetchTicket + add_asset + summary_comment.
 */
class CallBudgetTest {

  @RegisterExtension static final PostgresExtension PG = new PostgresExtension();

  TdxSandbox sandbox;
  Harness h;

  @BeforeEach
  void start() {
    sandbox = TdxSandbox.builder().tickets(40).seed(5).build().start();
    h = new Harness(PG, sandbox);
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  /** Runs FetchTicket, add_asset and summary_comment on a ticket, as the workflow does. */
  private void runPipeline(int ticketId) {
    ActionSpec add = Harness.addAsset();
    ActionSpec summary = Harness.summary();
    Ticket ticket = h.tickets.fetchTicket(ticketId);
    ActionResult added =
        h.actions.addAsset(h.request(ticket, add, List.of(), RunContext.empty(), false));
    h.actions.summaryComment(
        h.request(ticket, summary, List.of(add.actionId()), RunContext.empty().with(added), false));
  }

  @Test
  void aTitleNamedComputerWithItsSummaryCostsFourCallsWithAFreshIndex() {
    List<TicketTruth> titled =
        sandbox.truth().stream()
            .filter(t -> t.inReport() && t.reason().equals("title names the computer"))
            .toList();
    assertThat(titled).hasSizeGreaterThanOrEqualTo(2);
    runPipeline(titled.get(0).ticketId()); // builds the index (first sync)

    sandbox.resetCalls();
    runPipeline(titled.get(1).ticketId());

    assertThat(h.calls())
        .isEqualTo(
            Map.of(
                "GET tickets/{id}", 1L,
                "GET tickets/{id}/assets", 1L,
                "POST tickets/{id}/assets/{assetId}", 1L,
                "POST tickets/{id}/feed", 1L));
    assertThat(h.callCount()).isEqualTo(4).isLessThanOrEqualTo(8);
    assertThat(h.linked(titled.get(1).ticketId())).isEqualTo(titled.get(1).expectedAssetIds());
  }

  @Test
  void anIndexRefreshAddsOneSearchCall() {
    TicketTruth truth = h.first("title names the computer");
    sandbox.resetCalls();

    runPipeline(truth.ticketId());

    assertThat(h.calls()).containsEntry("POST assets/search", 1L);
    assertThat(h.callCount()).isEqualTo(5).isLessThanOrEqualTo(8);
  }

  @Test
  void aFailedIndexRefreshFailsTheActionAndWritesNothing() {
    TicketTruth truth = h.first("title names the computer");
    sandbox.faults().serverErrorShare(1.0).templates(Set.of("POST assets/search"));

    ApplicationFailure f =
        catchThrowableOfType(
            ApplicationFailure.class,
            () -> h.actions.addAsset(h.request(truth.ticketId(), Harness.addAsset())));

    assertThat(f.getType()).isEqualTo(FailureTypes.SERVER_ERROR);
    assertThat(f.isNonRetryable()).isFalse();
    assertThat(h.linked(truth.ticketId())).isEmpty();
    assertThat(h.calls()).doesNotContainKey("POST tickets/{id}/assets/{assetId}");
  }
}
