package org.tqd.activities.actions;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityInfo;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tqd.activities.ledger.ActionLedger;
import org.tqd.activities.ledger.ActionStatus;
import org.tqd.activities.ledger.Claim;
import org.tqd.activities.ledger.ClaimContext;
import org.tqd.activities.ledger.ClaimOutcome;
import org.tqd.activities.ledger.LedgerRejectedException;
import org.tqd.activities.ledger.LedgerUnavailableException;
import org.tqd.tdx.TdxException;
import org.tqd.workflows.action.InvalidActionException;
import org.tqd.workflows.activities.ActionRequest;
import org.tqd.workflows.activities.ActionResult;
import org.tqd.workflows.activities.ActionResult.Outcome;

/**
 * The ledger protocol every action follows (DESIGN §3.5):
 *
 * <ol>
 *   <li>dry run: plan, return PLANNED; nothing is written to TDX or the ledger;
 *   <li>the kill switch ({@link WriteGate}): while the pipeline is paused, return DEFERRED having
 *       claimed and written nothing;
 *   <li>claim the ledger row: {@code ALREADY_DONE} returns at once, without a TDX call;
 *   <li>the write budget ({@link WriteGate}), unless an earlier attempt stored a plan: past it, the
 *       row is recorded parked and PARKED returned, nothing written;
 *   <li>{@code CLAIMED_NEW}: plan, store the plan in the row if it writes, apply it;
 *   <li>{@code RECLAIMED}: an earlier attempt claimed and may have written: apply <em>its</em>
 *       stored plan, checking TDX for each effect before writing it (if it stored none, it wrote
 *       nothing, so plan afresh);
 *   <li>complete the row ({@code completed} or {@code skipped}) with the summary and details.
 * </ol>
 *
 * A ledger that cannot be reached fails the attempt as retryable {@code LedgerUnavailable}; the
 * claim and the plan are stored before any TDX write, so such a failure never follows a write that
 * the ledger does not know about. TDX errors become the {@code FailureTypes} of {@link
 * ActionFailures}. Failures are not recorded here (but for the budget's parking): the workflow
 * records them once retries are exhausted.
 */
final class ActionRunner {

  private final ActionLedger ledger;
  private final ActionJournal journal;
  private final Clock clock;
  private volatile WriteGate gate = WriteGate.OPEN;

  ActionRunner(ActionLedger ledger, ActionJournal journal, Clock clock) {
    this.ledger = ledger;
    this.journal = journal;
    this.clock = clock;
  }

  /** The kill switch and write budget every action passes before it writes. */
  void gate(WriteGate newGate) {
    this.gate = java.util.Objects.requireNonNull(newGate, "gate");
  }

  /** The DEFERRED result when the request's pipeline is paused; empty when it may write. */
  java.util.Optional<ActionResult> paused(ActionRequest request) {
    return gate.paused(request);
  }

  /**
   * After a claim and before the first write of this action: the PARKED result (row recorded) when
   * the ticket is past its write budget; empty when it may write.
   */
  java.util.Optional<ActionResult> overBudget(ActionRequest request) {
    return gate.overBudget(request, ledger);
  }

  <P> ActionResult run(ActionRequest request, PlannedAction<P> action) {
    int ticketId = request.ticketId();
    String actionId = request.action().actionId();
    try {
      if (request.dryRun()) {
        return action.dryRun(request, action.plan(request));
      }
      java.util.Optional<ActionResult> paused = paused(request);
      if (paused.isPresent()) {
        return paused.get();
      }
      Claim claim = claim(request);
      if (claim.outcome() == ClaimOutcome.ALREADY_DONE) {
        return alreadyDone(request);
      }
      CommentReference.Scope generation = CommentReference.inGeneration(generation(claim));
      try {
        P plan = null;
        if (claim.outcome() == ClaimOutcome.RECLAIMED) {
          plan = ActionJournal.pendingPlan(claim.state().metadata(), action.planType());
        }
        boolean reclaimed = plan != null;
        if (plan == null) {
          java.util.Optional<ActionResult> parked = overBudget(request);
          if (parked.isPresent()) {
            return parked.get();
          }
          plan = action.plan(request);
          if (action.hasWrites(plan)) {
            journal.savePending(ticketId, actionId, plan);
          }
        }
        ActionResult result = action.apply(request, plan, reclaimed);
        complete(request, result);
        return result;
      } finally {
        generation.close();
      }
    } catch (RuntimeException e) {
      throw failure(request, e);
    }
  }

  /** The generation of the claimed row: 1, or more after an undo and an operator's redo. */
  static int generation(Claim claim) {
    Object g = claim.state().metadata().get("generation");
    return g instanceof Number n ? n.intValue() : 1;
  }

  /** Claims the request's ledger row. */
  Claim claim(ActionRequest request) {
    return ledger.claim(
        request.ticketId(),
        request.action().actionId(),
        request.action().type(),
        request.action().actionHash(),
        context(request));
  }

  /** Completes the request's ledger row with the result. */
  void complete(ActionRequest request, ActionResult result) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("message", result.message());
    metadata.put("details", result.details());
    metadata.put("config", request.action().params());
    if (!result.assetsAdded().isEmpty()) {
      metadata.put("assets_added", result.assetsAdded());
    }
    java.util.List<Map<String, Object>> inverse = Inverses.of(request, result);
    if (inverse != null) {
      metadata.put(Inverses.KEY, inverse);
    }
    ledger.complete(
        request.ticketId(),
        request.action().actionId(),
        result.outcome() == Outcome.SKIPPED ? ActionStatus.SKIPPED : ActionStatus.COMPLETED,
        result.summary(),
        metadata);
  }

  /** The result of an action the ledger already has as completed or skipped. */
  static ActionResult alreadyDone(ActionRequest request) {
    return ActionResult.notExecuted(
        request.action().actionId(),
        request.action().type(),
        Outcome.ALREADY_DONE,
        "Action "
            + request.action().actionId()
            + " already executed on ticket "
            + request.ticketId());
  }

  /**
   * The {@code ApplicationFailure} for a TDX, ledger or configuration error; any other exception is
   * rethrown as it is (Temporal retries it).
   */
  ApplicationFailure failure(ActionRequest request, RuntimeException e) {
    int ticketId = request.ticketId();
    String actionId = request.action().actionId();
    if (e instanceof TdxException t) {
      return ActionFailures.fromTdx(ticketId, actionId, t, clock);
    }
    if (e instanceof LedgerUnavailableException l) {
      return ActionFailures.ledgerUnavailable(ticketId, actionId, l);
    }
    if (e instanceof LedgerRejectedException r) {
      return ActionFailures.ledgerRejected(ticketId, actionId, r);
    }
    if (e instanceof InvalidActionException i) {
      return ActionFailures.invalidAction(ticketId, actionId, i.getMessage());
    }
    throw e;
  }

  private static ClaimContext context(ActionRequest request) {
    String workflowId = null;
    String runId = null;
    try {
      ActivityInfo info = Activity.getExecutionContext().getInfo();
      workflowId = info.getWorkflowId();
      runId = info.getWorkflowRunId();
    } catch (IllegalStateException notInAnActivity) {
      // Called directly (tests, operator tools): no workflow to record.
    }
    return new ClaimContext(
        workflowId,
        runId,
        request.reportId() == 0 ? null : request.reportId(),
        request.pipelineId());
  }
}
