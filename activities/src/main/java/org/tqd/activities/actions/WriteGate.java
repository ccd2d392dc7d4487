package org.tqd.activities.actions;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.tqd.activities.ledger.ActionLedger;
import org.tqd.activities.ledger.PauseSwitch;
import org.tqd.activities.ledger.PauseSwitch.PauseState;
import org.tqd.activities.ledger.WriteBudget;
import org.tqd.workflows.activities.ActionRequest;
import org.tqd.workflows.activities.ActionResult;
import org.tqd.workflows.activities.ActionResult.Outcome;

/**
 * The safety switches an action passes before it writes to TDX:
 *
 * <ul>
 *   <li><b>The kill switch</b> ({@link PauseSwitch}): while the action's pipeline (or every
 *       pipeline) is paused, the action claims nothing and writes nothing; it ends {@link
 *       Outcome#DEFERRED}, leaving no ledger row, so the first poll after {@code tqd resume} runs
 *       it. A write already under way when the pause is made finishes.
 *   <li><b>The write budget</b> ({@link WriteBudget}): an action about to make its first write on a
 *       ticket that already had {@code max_writes_per_ticket_per_day} writes in the last 24 hours
 *       is parked (ledger {@code failed}, out of runs) with a message saying so; {@code tqd retry}
 *       clears it. The summary comment is exempt, so that it can name what was parked; an action
 *       finishing a write an earlier attempt began is exempt too.
 * </ul>
 *
 * Both read the ledger's database; if it cannot be read, the action fails as a ledger outage and
 * writes nothing (the ledger never fails open).
 */
public final class WriteGate {

  /** A gate that holds nothing (tests, tools without a database). */
  public static final WriteGate OPEN = new WriteGate(null, null, 1);

  private final PauseSwitch pauses;
  private final WriteBudget budget;
  private final int maxRunsBeforePark;

  /**
   * @param pauses the kill switch; null for none
   * @param budget the write counts; null for no budget
   * @param maxRunsBeforePark the worker's park threshold, which a parked row is given
   */
  public WriteGate(PauseSwitch pauses, WriteBudget budget, int maxRunsBeforePark) {
    this.pauses = pauses;
    this.budget = budget;
    this.maxRunsBeforePark = maxRunsBeforePark;
  }

  /** The DEFERRED result when the request's pipeline is paused; empty when it may write. */
  Optional<ActionResult> paused(ActionRequest request) {
    if (pauses == null || request.dryRun()) {
      return Optional.empty();
    }
    Optional<PauseState> pause = pauses.pauseOf(request.pipelineName());
    return pause.map(
        p ->
            ActionResult.notExecuted(
                request.action().actionId(),
                request.action().type(),
                Outcome.DEFERRED,
                "Paused ("
                    + (p.global() ? "every pipeline" : "pipeline '" + p.scope() + "'")
                    + " by "
                    + p.pausedBy()
                    + (p.reason() == null ? "" : ": " + p.reason())
                    + "): nothing written; the first poll after tqd resume runs it"));
  }

  /**
   * When the ticket is past its write budget: records the claimed row parked and returns the PARKED
   * result; empty when the action may write.
   */
  Optional<ActionResult> overBudget(ActionRequest request, ActionLedger ledger) {
    if (budget == null || request.dryRun() || "summary_comment".equals(request.action().type())) {
      return Optional.empty();
    }
    int max = request.maxWritesPerTicketPerDay();
    int writes = budget.writesInLastDay(request.ticketId());
    if (writes < max) {
      return Optional.empty();
    }
    String message =
        "Parked: ticket "
            + request.ticketId()
            + " had "
            + writes
            + " TDX writes by tqd in the last 24 hours, its budget"
            + " (max_writes_per_ticket_per_day: "
            + max
            + "); clear it with `tqd retry "
            + request.ticketId()
            + "`";
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("message", message);
    metadata.put("write_budget", Map.of("max", max, "writes_in_last_day", writes));
    metadata.put("config", request.action().params());
    String actionId = request.action().actionId();
    ledger.fail(request.ticketId(), actionId, message, metadata);
    budget.markParked(request.ticketId(), actionId, maxRunsBeforePark);
    return Optional.of(
        ActionResult.notExecuted(actionId, request.action().type(), Outcome.PARKED, message));
  }
}
