package org.tqd.starter;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityInfo;
import io.temporal.failure.ApplicationFailure;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tqd.activities.ledger.ActionLedger;
import org.tqd.activities.ledger.ActionState;
import org.tqd.activities.ledger.ActionStatus;
import org.tqd.activities.ledger.Claim;
import org.tqd.activities.ledger.ClaimContext;
import org.tqd.tdx.model.Ticket;
import org.tqd.workflows.activities.ActionActivities;
import org.tqd.workflows.activities.ActionRequest;
import org.tqd.workflows.activities.ActionResult;
import org.tqd.workflows.activities.ActionResult.Outcome;
import org.tqd.workflows.activities.FailureTypes;
import org.tqd.workflows.activities.LedgerActivities;
import org.tqd.workflows.activities.TicketActivities;

/**
 * Activities that keep the real {@link ActionLedger} in PostgreSQL as the real ones do (claim, then
 * complete; the workflow records failures), but do nothing in TDX: the starter's tests need the
 * ledger's answers to be real, not the actions' effects.
 */
final class LedgerActivitiesForTest
    implements ActionActivities, TicketActivities, LedgerActivities {

  private final ActionLedger ledger;
  private final int maxRunsBeforePark;

  /** "ticket/type" pairs that fail every time. */
  final Set<String> failing = Collections.synchronizedSet(new HashSet<>());

  /** When set, tickets are read from TDX (the sandbox) instead of made up. */
  volatile org.tqd.tdx.TdxApi tickets;

  LedgerActivitiesForTest(ActionLedger ledger, int maxRunsBeforePark) {
    this.ledger = ledger;
    this.maxRunsBeforePark = maxRunsBeforePark;
  }

  @Override
  public String lastRequestorReply(int ticketId, String requestorUid) {
    return null;
  }

  @Override
  public Ticket fetchTicket(int ticketId) {
    if (tickets != null) {
      return tickets.getTicket(ticketId);
    }
    return new Ticket(
        ticketId,
        46,
        "Ticket " + ticketId,
        "",
        1,
        1,
        115,
        "Open",
        1,
        "uid-1",
        "Requestor",
        "r@example.edu",
        null,
        0,
        "2026-01-01T00:00:00Z",
        "2026-01-02T00:00:00Z");
  }

  @Override
  public Map<String, LedgerState> loadTicketState(int ticketId, List<String> actionIds) {
    Map<String, LedgerState> out = new LinkedHashMap<>();
    for (Map.Entry<String, ActionState> e : ledger.loadStates(ticketId, actionIds).entrySet()) {
      ActionState s = e.getValue();
      out.put(
          e.getKey(),
          new LedgerState(s.status().dbValue(), s.attempt(), s.isParked(maxRunsBeforePark)));
    }
    return out;
  }

  @Override
  public void recordNotApplicable(NotApplicableRecord record) {
    ledger.recordNotApplicable(
        record.ticketId(),
        record.actionId(),
        record.actionType(),
        record.actionHash(),
        "Condition not met: " + record.condition(),
        null);
  }

  @Override
  public void recordFailure(FailureRecord failure) {
    ledger.fail(failure.ticketId(), failure.actionId(), failure.errorMessage(), Map.of());
  }

  private ActionResult run(ActionRequest request) {
    ActivityInfo info = Activity.getExecutionContext().getInfo();
    String actionId = request.action().actionId();
    String type = request.action().type();
    Claim claim =
        ledger.claim(
            request.ticketId(),
            actionId,
            type,
            request.action().actionHash(),
            new ClaimContext(
                info.getWorkflowId(),
                info.getWorkflowRunId(),
                request.reportId(),
                request.pipelineId()));
    if (!claim.shouldRun()) {
      return ActionResult.notExecuted(actionId, type, Outcome.ALREADY_DONE, "already done");
    }
    if (failing.contains(request.ticketId() + "/" + type)) {
      throw ApplicationFailure.newNonRetryableFailure(
          "TDX rejected " + type + " on ticket " + request.ticketId(), FailureTypes.BAD_REQUEST);
    }
    ledger.complete(request.ticketId(), actionId, ActionStatus.COMPLETED, null, Map.of());
    return ActionResult.notExecuted(actionId, type, Outcome.COMPLETED, type + " done");
  }

  @Override
  public ActionResult addAsset(ActionRequest request) {
    return run(request);
  }

  @Override
  public ActionResult comment(ActionRequest request) {
    return run(request);
  }

  @Override
  public ActionResult changeStatus(ActionRequest request) {
    return run(request);
  }

  @Override
  public ActionResult assign(ActionRequest request) {
    return run(request);
  }

  @Override
  public ActionResult findActiveTickets(ActionRequest request) {
    return run(request);
  }

  @Override
  public ActionResult summaryComment(ActionRequest request) {
    return run(request);
  }
}
