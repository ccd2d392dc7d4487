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
import org.tqd.activities.ledger.PostgresExtension;
import org.tqd.sandbox.RateLimits;
import org.tqd.sandbox.TdxSandbox;
import org.tqd.sandbox.TicketTruth;
import org.tqd.tdx.model.Ticket;
import org.tqd.workflows.action.ActionSpec;
import org.tqd.workflows.activities.ActionRequest;
import org.tqd.workflows.activities.ActionResult;
import org.tqd.workflows.activities.ActionResult.Outcome;
import org.tqd.workflows.activities.AddAssetStep;
import org.tqd.workflows.activities.RunContext;

/**
 * {@code add_asset} as the workflow runs it, step by step (claim, the finding phases, attach),
 * against the sandbox over HTTP and the ledger in PostgreSQL: the same result as the single
 * activity, one ledger row, and an attach that failed after its write is retried from the stored
 * plan without searching again and without a second link.
 */
class AddAssetStepsTest {

  @RegisterExtension static final PostgresExtension PG = new PostgresExtension();

  static TdxSandbox sandbox;
  static Harness h;
  static final ActionSpec ADD = Harness.addAsset();

  @BeforeAll
  static void start() {
    sandbox =
        TdxSandbox.builder().tickets(60).seed(23).rateLimits(RateLimits.off()).build().start();
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

  private ActionRequest request(Ticket ticket, boolean dryRun) {
    return h.request(ticket, ADD, List.of(), RunContext.empty(), dryRun);
  }

  /** The workflow's sequence: the first phase that decides, then attach. */
  private ActionResult steps(ActionRequest request) {
    if (!request.dryRun()) {
      AddAssetStep.Claimed claimed = h.actions.addAssetClaim(request);
      if (claimed.alreadyDone()) {
        return ActionResult.notExecuted(ADD.actionId(), "add_asset", Outcome.ALREADY_DONE, "");
      }
      if (claimed.storedPlan() != null) {
        return h.actions.addAssetAttach(
            new AddAssetStep.Attach(request, claimed.storedPlan(), true));
      }
    }
    Map<String, Object> plan = h.actions.addAssetFindInTitleAndDescription(request);
    if (plan == null) {
      plan = h.actions.addAssetFindInConversation(request);
    }
    if (plan == null) {
      plan = h.actions.addAssetFindFromRequestor(request);
    }
    return h.actions.addAssetAttach(new AddAssetStep.Attach(request, plan, false));
  }

  @Test
  void eachPhaseDecidesAsTheSingleActivityDoesAndTheRowIsCompletedOnce() {
    for (String reason :
        List.of(
            "title names the computer",
            "a later conversation entry names the computer",
            "nothing named; the requestor owns exactly one active computer")) {
      TicketTruth truth = h.first(reason);
      Ticket ticket = h.ticket(truth.ticketId());

      ActionResult result = steps(request(ticket, false));

      assertThat(result.outcome()).as(reason).isEqualTo(Outcome.COMPLETED);
      assertThat(h.linked(ticket.id())).as(reason).containsAll(truth.expectedAssetIds());
      assertThat(h.ledger.loadStates(ticket.id(), List.of(ADD.actionId())).get(ADD.actionId()))
          .satisfies(
              row -> {
                assertThat(row.status()).isEqualTo(ActionStatus.COMPLETED);
                assertThat(row.summary()).isEqualTo(result.summary());
              });
      assertThat(steps(request(ticket, false)).outcome()).isEqualTo(Outcome.ALREADY_DONE);
    }
  }

  @Test
  void aDryRunPlansThroughTheStepsAndWritesNothing() {
    TicketTruth truth = h.first("description names the computer");
    Ticket ticket = h.ticket(truth.ticketId());
    sandbox.resetCalls();

    ActionResult planned = steps(request(ticket, true));

    assertThat(planned.outcome()).isEqualTo(Outcome.PLANNED);
    assertThat(planned.plannedWrites()).isNotEmpty();
    assertThat(h.calls().keySet()).allMatch(k -> k.startsWith("GET") || k.endsWith("search"));
    assertThat(h.ledger.loadStates(ticket.id(), List.of(ADD.actionId()))).isEmpty();
  }

  @Test
  void anAttachWhoseAnswerWasLostIsRetriedFromTheStoredPlanWithoutASecondLink() {
    TicketTruth truth = h.first("description gives the computer's serial number");
    Ticket ticket = h.ticket(truth.ticketId());
    sandbox
        .faults()
        .serverErrorAfterWriteShare(1.0)
        .templates(Set.of("POST tickets/{id}/assets/{assetId}"));
    catchThrowableOfType(ApplicationFailure.class, () -> steps(request(ticket, false)));
    h.ledger.fail(ticket.id(), ADD.actionId(), "TdxServerError: 500", Map.of()); // the run gave up
    sandbox.faults().reset();
    sandbox.resetCalls();

    ActionResult next = steps(request(ticket, false)); // the next run: claim finds the stored plan

    assertThat(next.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(h.calls().keySet()).noneMatch(k -> k.contains("search") || k.contains("feed"));
    assertThat(h.linked(ticket.id())).doesNotHaveDuplicates().containsAll(truth.expectedAssetIds());
    assertThat(h.calls()).doesNotContainKey("POST tickets/{id}/assets/{assetId}");
  }
}
