package org.tqd.activities.actions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tqd.activities.ledger.PostgresExtension;
import org.tqd.sandbox.Phase;
import org.tqd.sandbox.RateLimits;
import org.tqd.sandbox.TdxSandbox;
import org.tqd.sandbox.TicketTruth;
import org.tqd.tdx.model.Ticket;
import org.tqd.workflows.action.ActionSpec;
import org.tqd.workflows.activities.ActionResult;
import org.tqd.workflows.activities.ActionResult.Outcome;
import org.tqd.workflows.activities.RunContext;

/**
 * add_asset over every ticket of a seeded 200-ticket sandbox agrees exactly with the sandbox's
 * ground truth: the phase that attaches and the asset IDs attached, first as a dry-run plan, then
 * in TDX.
 */
class AddAssetTruthTest {

  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(AddAssetTruthTest.class);

  @RegisterExtension static final PostgresExtension PG = new PostgresExtension();

  static TdxSandbox sandbox;
  static Harness h;

  @BeforeAll
  static void start() {
    sandbox =
        TdxSandbox.builder().tickets(200).seed(1).rateLimits(RateLimits.off()).build().start();
    h = new Harness(PG, sandbox);
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  @Test
  void attachesExactlyWhatTheGroundTruthSaysOnEveryTicket() {
    ActionSpec spec = Harness.addAsset();
    List<TicketTruth> queue = sandbox.truth().stream().filter(TicketTruth::inReport).toList();
    assertThat(queue).hasSize(200);
    List<String> mismatches = new ArrayList<>();
    long totalCalls = 0;
    long maxCalls = 0;
    for (TicketTruth truth : queue) {
      int id = truth.ticketId();
      List<Integer> before = h.linked(id);
      Ticket ticket = h.ticket(id);

      ActionResult plan =
          h.actions.addAsset(h.request(ticket, spec, List.of(), RunContext.empty(), true));
      check(mismatches, truth, "dry run", plan.assetsAdded(), plan);
      if (plan.plannedWrites().size() != truth.expectedAssetIds().size()
          || !h.linked(id).equals(before)) {
        mismatches.add(id + " dry run wrote or planned wrongly: " + plan.plannedWrites());
      }

      sandbox.resetCalls();
      ActionResult done =
          h.actions.addAsset(h.request(ticket, spec, List.of(), RunContext.empty(), false));
      long calls = h.callCount();
      totalCalls += calls;
      maxCalls = Math.max(maxCalls, calls);
      List<Integer> added = new ArrayList<>(h.linked(id));
      added.removeAll(before);
      check(mismatches, truth, "run", added, done);
      if (done.outcome() != Outcome.COMPLETED || done.summary() == null) {
        mismatches.add(id + " ended " + done.outcome() + " with summary " + done.summary());
      }
    }
    assertThat(mismatches).isEmpty();
    log.info(
        "add_asset over {} tickets: {} TDX calls, {} per ticket on average, at most {}",
        queue.size(),
        totalCalls,
        String.format(java.util.Locale.ROOT, "%.2f", totalCalls / (double) queue.size()),
        maxCalls);
    assertThat(maxCalls).isLessThanOrEqualTo(7);
    assertThat(queue.stream().map(TicketTruth::phase).distinct())
        .containsExactlyInAnyOrder(Phase.values());
  }

  private static void check(
      List<String> mismatches,
      TicketTruth truth,
      String what,
      List<Integer> added,
      ActionResult result) {
    List<Integer> sorted = added.stream().sorted().toList();
    if (!sorted.equals(truth.expectedAssetIds())) {
      mismatches.add(
          truth.ticketId()
              + " "
              + what
              + ": added "
              + sorted
              + ", truth "
              + truth.expectedAssetIds()
              + " ("
              + truth.reason()
              + "; "
              + result.message()
              + ")");
      return;
    }
    if (truth.phase() != Phase.NONE
        && !String.valueOf(result.details().get("phase")).equals(truth.phase().label())) {
      mismatches.add(
          truth.ticketId()
              + " "
              + what
              + ": phase "
              + result.details().get("phase")
              + ", truth "
              + truth.phase().label());
    }
  }
}
