package org.tqd.workflows;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.tqd.tdx.model.Ticket;
import org.tqd.workflows.TicketProgress.ActionProgress;
import org.tqd.workflows.TicketProgress.State;
import org.tqd.workflows.action.ActionSpec;
import org.tqd.workflows.activities.ActionActivities;
import org.tqd.workflows.activities.ActionRequest;
import org.tqd.workflows.activities.ActionResult;
import org.tqd.workflows.activities.ActionResult.Outcome;
import org.tqd.workflows.activities.AddAssetStep;
import org.tqd.workflows.activities.FailureTypes;
import org.tqd.workflows.activities.LedgerActivities;
import org.tqd.workflows.activities.LedgerActivities.FailureRecord;
import org.tqd.workflows.activities.LedgerActivities.LedgerState;
import org.tqd.workflows.activities.LedgerActivities.NotApplicableRecord;
import org.tqd.workflows.activities.RunContext;
import org.tqd.workflows.activities.TaskQueues;
import org.tqd.workflows.activities.TicketActivities;
import org.tqd.workflows.rules.Facts;
import org.tqd.workflows.rules.TicketFacts;
import org.tqd.workflows.rules.Truth;

/** The pipeline run of one ticket. See {@link TicketWorkflow} for what it guarantees. */
public class TicketWorkflowImpl implements TicketWorkflow {

  private static final Logger log = Workflow.getLogger(TicketWorkflowImpl.class);

  /**
   * TDX activities: a bounded number of attempts with exponential backoff; 4xx answers and invalid
   * actions are not retried; a 429 is retried at TDX's reset time (the activity sets
   * nextRetryDelay). No schedule-to-close limit: the TDX queue is rate-limited, so an activity may
   * wait its turn for a long time before it starts. The heartbeat timeout (the worker heartbeats
   * for running activities) hands the activities of a worker that died to another within 30 s,
   * instead of after the 5-minute start-to-close timeout.
   */
  static final ActivityOptions TDX_ACTIVITY =
      ActivityOptions.newBuilder()
          .setTaskQueue(TaskQueues.TDX)
          .setStartToCloseTimeout(Duration.ofMinutes(5))
          .setHeartbeatTimeout(Duration.ofSeconds(30))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(2))
                  .setBackoffCoefficient(2.0)
                  .setMaximumInterval(Duration.ofMinutes(2))
                  .setMaximumAttempts(8)
                  .setDoNotRetry(FailureTypes.NON_RETRYABLE.toArray(String[]::new))
                  .build())
          .build();

  /**
   * Ledger activities: retried without an attempt limit, because a ledger that cannot be read must
   * stop the run rather than let actions run twice.
   */
  static final ActivityOptions LEDGER_ACTIVITY =
      ActivityOptions.newBuilder()
          .setTaskQueue(TaskQueues.TICKETS)
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setBackoffCoefficient(2.0)
                  .setMaximumInterval(Duration.ofMinutes(1))
                  .build())
          .build();

  private final TicketActivities tickets =
      Workflow.newActivityStub(TicketActivities.class, TDX_ACTIVITY);
  private final ActionActivities actions =
      Workflow.newActivityStub(ActionActivities.class, TDX_ACTIVITY);
  private final LedgerActivities ledger =
      Workflow.newActivityStub(LedgerActivities.class, LEDGER_ACTIVITY);

  /**
   * Version marker of the change that made the ledger decide everything (DESIGN §3.3–3.5): a false
   * condition is recorded as {@code not_applicable}, and an action that fails only because the
   * ledger was unreachable is tried again once it answers instead of being recorded as failed. Runs
   * recorded before it replay without either.
   */
  static final String LEDGER_DECIDES = "ledger-decides";

  /**
   * Version marker of {@code add_asset} run as its steps, each its own activity (claim, the three
   * finding phases, attach), so the Web UI shows each phase and a failed attach retries without
   * searching again. Runs recorded before it replay with the single {@code AddAsset} activity.
   */
  static final String ADD_ASSET_STEPS = "add-asset-steps";

  /**
   * How long a run waits before trying an action again after a ledger outage outlasted its retries.
   */
  static final Duration LEDGER_OUTAGE_PAUSE = Duration.ofMinutes(1);

  private final List<ActionProgress> progress = new ArrayList<>();
  private int ticketId;
  private String pipelineId = "";
  private boolean ledgerDecides;
  private boolean addAssetSteps;
  private ActionSpec running;

  @Override
  public TicketRunResult run(TicketRun run) {
    ticketId = run.ticketId();
    pipelineId = run.pipeline().pipelineId();
    ledgerDecides = Workflow.getVersion(LEDGER_DECIDES, Workflow.DEFAULT_VERSION, 1) >= 1;
    addAssetSteps = Workflow.getVersion(ADD_ASSET_STEPS, Workflow.DEFAULT_VERSION, 1) >= 1;
    List<ActionSpec> specs = run.pipeline().actions();
    for (ActionSpec spec : specs) {
      progress.add(new ActionProgress(spec.actionId(), spec.type(), State.PENDING, null, null));
    }

    Map<String, LedgerState> states =
        ledger.loadTicketState(run.ticketId(), run.pipeline().actionIds());

    Ticket ticket = null;
    String ticketError = null;
    if (!allDone(specs, states)) {
      try {
        ticket = tickets.fetchTicket(run.ticketId());
      } catch (ActivityFailure e) {
        ticketError = "could not read ticket " + run.ticketId() + ": " + describe(e);
      }
    }

    List<ActionResult> results = new ArrayList<>();
    RunContext context = RunContext.empty();
    boolean stopped = false;
    try {
      for (int i = 0; i < specs.size(); i++) {
        ActionSpec spec = specs.get(i);
        LedgerState state = states.get(spec.actionId());
        ActionResult result;
        boolean ranActivity = false;
        if (state != null && state.done() && !reportsLateLines(spec, results)) {
          result =
              ActionResult.notExecuted(
                  spec.actionId(),
                  spec.type(),
                  Outcome.ALREADY_DONE,
                  "Action " + spec.actionId() + " already executed on ticket " + run.ticketId());
        } else if (state != null && state.parked()) {
          result =
              ActionResult.notExecuted(
                  spec.actionId(),
                  spec.type(),
                  Outcome.PARKED,
                  "Parked after "
                      + state.attempt()
                      + " failed runs; clear it with `tqd retry "
                      + run.ticketId()
                      + "`");
        } else if (stopped) {
          result =
              ActionResult.notExecuted(
                  spec.actionId(),
                  spec.type(),
                  Outcome.NOT_RUN,
                  "Not run: an earlier action that stops the pipeline on failure failed");
        } else if (ticket == null) {
          result = fail(run, spec, ticketError);
        } else if (spec.when() != null && !holds(run, ticket, spec)) {
          result =
              ActionResult.notExecuted(
                  spec.actionId(),
                  spec.type(),
                  Outcome.NOT_APPLICABLE,
                  "Condition not met: " + spec.when().describe());
          if (ledgerDecides && !run.dryRun()) {
            ledger.recordNotApplicable(
                new NotApplicableRecord(
                    run.ticketId(),
                    spec.actionId(),
                    spec.type(),
                    spec.actionHash(),
                    run.reportId(),
                    pipelineId,
                    Workflow.getInfo().getWorkflowId(),
                    Workflow.getInfo().getRunId(),
                    spec.when().describe(),
                    Workflow.currentTimeMillis()));
          }
        } else {
          result = execute(run, ticket, spec, earlierIds(specs, i), context);
          running = null;
          if (run.dryRun() && spec.when() != null) {
            result = conditionHeld(result, spec);
          }
          ranActivity = result.outcome() != Outcome.FAILED;
        }
        if (result.outcome() == Outcome.FAILED && spec.stopOnFailure()) {
          stopped = true;
        }
        context = context.with(result);
        results.add(result);
        progress.set(
            i,
            new ActionProgress(
                spec.actionId(), spec.type(), State.DONE, result.outcome(), result.message()));
        // The activity logs the actions it ran; the workflow logs those it decided not to run.
        if (!ranActivity) {
          log.info(
              "ticket {} action {}: {} - {}",
              run.ticketId(),
              spec.actionId(),
              result.outcome(),
              result.message());
        }
      }
    } catch (CanceledFailure cancelled) {
      releaseOnCancel(run);
      throw cancelled;
    }

    TicketRunResult runResult =
        new TicketRunResult(run.ticketId(), pipelineId, run.dryRun(), results);
    long unfinished =
        results.stream()
            .filter(
                r ->
                    r.outcome() == Outcome.FAILED
                        || r.outcome() == Outcome.PARKED
                        || r.outcome() == Outcome.NOT_RUN
                        || r.outcome() == Outcome.DEFERRED)
            .count();
    if (unfinished > 0) {
      throw ApplicationFailure.newNonRetryableFailure(
          unfinished
              + " of "
              + results.size()
              + " actions did not complete on ticket "
              + run.ticketId()
              + firstFailure(results),
          FAILURE_TYPE,
          runResult);
    }
    return runResult;
  }

  @Override
  public TicketProgress progress() {
    return new TicketProgress(ticketId, pipelineId, progress);
  }

  private ActionResult execute(
      TicketRun run, Ticket ticket, ActionSpec spec, List<String> earlier, RunContext context) {
    int index = indexOf(spec);
    progress.set(
        index, new ActionProgress(spec.actionId(), spec.type(), State.RUNNING, null, null));
    // The summary reads its lines from the ledger: it is given which ticket, not what it says, so
    // its inputs in the history carry no ticket text (DESIGN §3.11).
    Ticket given = "summary_comment".equals(spec.type()) ? ticket.withoutContent() : ticket;
    ActionRequest request =
        new ActionRequest(
            given,
            run.reportId(),
            pipelineId,
            spec,
            earlier,
            context,
            run.dryRun(),
            run.row(),
            run.pipeline().name(),
            run.pipeline().maxWritesPerTicketPerDay());
    running = spec;
    while (true) {
      try {
        return switch (spec.type()) {
          case "add_asset" -> addAssetSteps ? addAssetInSteps(request) : actions.addAsset(request);
          case "comment" -> actions.comment(request);
          case "change_status" -> actions.changeStatus(request);
          case "assign" -> actions.assign(request);
          case "find_active_tickets" -> actions.findActiveTickets(request);
          case "summary_comment" -> actions.summaryComment(request);
          case "update_fields" -> actions.updateFields(request);
          case "notify" -> actions.sendNotification(request);
          case "log_event" -> actions.logEvent(request);
          default -> fail(run, spec, "unknown action type '" + spec.type() + "'");
        };
      } catch (ActivityFailure e) {
        if (ledgerDecides && e.getCause() instanceof CanceledFailure cancelled) {
          throw cancelled;
        }
        if (!ledgerDecides || !ledgerOutage(e)) {
          return fail(run, spec, describe(e));
        }
        // The ledger, not TDX, was down for longer than the activity's retries: the action is not
        // at fault and the outage must not count as a failed run (nor park it). Nothing was
        // written to TDX without a claim, so trying again once the ledger answers is safe.
        log.warn(
            "ticket {} action {}: the ledger was unreachable through every attempt; trying again"
                + " in {} s",
            run.ticketId(),
            spec.actionId(),
            LEDGER_OUTAGE_PAUSE.toSeconds());
        Workflow.sleep(LEDGER_OUTAGE_PAUSE);
      }
    }
  }

  /**
   * Whether the action's condition holds for the ticket as read in this run, its report row and
   * Temporal's clock; a fact that cannot be told (a column missing from the row) counts as not
   * holding. The requestor's last reply is read (one activity) only when a condition needs it, once
   * per run.
   */
  private boolean holds(TicketRun run, Ticket ticket, ActionSpec spec) {
    Object lastReply = Facts.UNKNOWN;
    if (spec.when().readsLastRequestorReply()) {
      if (lastRequestorReply == null) {
        String when = tickets.lastRequestorReply(run.ticketId(), ticket.requestorUid());
        lastRequestorReply = when == null ? Optional.empty() : Optional.of(when);
      }
      lastReply = lastRequestorReply.orElse(null);
    }
    Instant now = Instant.ofEpochMilli(Workflow.currentTimeMillis());
    return spec.when().evaluate(new TicketFacts(ticket, run.row(), now, lastReply)) == Truth.TRUE;
  }

  /** The requestor's last reply once read in this run (empty: never replied). */
  private Optional<String> lastRequestorReply;

  /**
   * A cancelled run (an operator's {@code tqd cancel}) leaves no claim behind: the action it was
   * running is recorded failed, in a scope the cancellation does not reach, keeping its plan and
   * reference, so the next run reclaims it and checks TDX before writing again.
   */
  private void releaseOnCancel(TicketRun run) {
    ActionSpec spec = running;
    if (!ledgerDecides || run.dryRun() || spec == null) {
      return;
    }
    Workflow.newDetachedCancellationScope(
            () ->
                ledger.recordFailure(
                    new FailureRecord(
                        run.ticketId(),
                        spec.actionId(),
                        spec.type(),
                        spec.actionHash(),
                        run.reportId(),
                        pipelineId,
                        Workflow.getInfo().getWorkflowId(),
                        Workflow.getInfo().getRunId(),
                        "Run cancelled by an operator while this action ran; the next run checks"
                            + " TDX before writing again")))
        .run();
  }

  /**
   * {@code add_asset} as its steps: claim (a stored plan of an earlier run is attached at once,
   * checked in TDX), then the finding phases in order until one decides, then attach. One action in
   * the ledger; the plan is stored by the attach step before it writes.
   */
  private ActionResult addAssetInSteps(ActionRequest request) {
    if (!request.dryRun()) {
      AddAssetStep.Claimed claimed = actions.addAssetClaim(request);
      if (claimed.alreadyDone()) {
        return ActionResult.notExecuted(
            request.action().actionId(),
            request.action().type(),
            Outcome.ALREADY_DONE,
            "Action "
                + request.action().actionId()
                + " already executed on ticket "
                + request.ticketId());
      }
      if (claimed.storedPlan() != null) {
        return actions.addAssetAttach(new AddAssetStep.Attach(request, claimed.storedPlan(), true));
      }
    }
    Map<String, Object> plan = actions.addAssetFindInTitleAndDescription(request);
    if (plan == null) {
      plan = actions.addAssetFindInConversation(request);
    }
    if (plan == null) {
      plan = actions.addAssetFindFromRequestor(request);
    }
    return actions.addAssetAttach(new AddAssetStep.Attach(request, plan, false));
  }

  /**
   * Whether a summary the ledger has as done is called anyway, to report the lines of actions that
   * completed in this run after it (an action whose condition became true, one an operator
   * retried): the activity posts them in one follow-up comment, or finds nothing new.
   */
  private boolean reportsLateLines(ActionSpec spec, List<ActionResult> earlier) {
    return ledgerDecides
        && "summary_comment".equals(spec.type())
        && earlier.stream().anyMatch(r -> r.outcome() == Outcome.COMPLETED);
  }

  /**
   * The dry-run result with the condition that held, for the preview ({@code details.condition}).
   * Only the result changes, not the commands, so histories replay as they were.
   */
  private static ActionResult conditionHeld(ActionResult result, ActionSpec spec) {
    Map<String, Object> details = new java.util.LinkedHashMap<>(result.details());
    details.put("condition", "held: " + spec.when().describe());
    return new ActionResult(
        result.actionId(),
        result.type(),
        result.outcome(),
        result.message(),
        result.summary(),
        result.assetsAdded(),
        result.plannedWrites(),
        details);
  }

  /** Whether the activity's last attempt failed because the ledger could not be reached. */
  static boolean ledgerOutage(ActivityFailure failure) {
    for (Throwable t = failure.getCause(); t != null; t = t.getCause()) {
      if (t instanceof ApplicationFailure app) {
        return FailureTypes.LEDGER_UNAVAILABLE.equals(app.getType());
      }
    }
    return false;
  }

  /** Records a failure in the ledger (not in a dry run) and returns the FAILED result. */
  private ActionResult fail(TicketRun run, ActionSpec spec, String message) {
    if (!run.dryRun()) {
      ledger.recordFailure(
          new FailureRecord(
              run.ticketId(),
              spec.actionId(),
              spec.type(),
              spec.actionHash(),
              run.reportId(),
              pipelineId,
              Workflow.getInfo().getWorkflowId(),
              Workflow.getInfo().getRunId(),
              message));
    }
    return ActionResult.notExecuted(spec.actionId(), spec.type(), Outcome.FAILED, message);
  }

  private int indexOf(ActionSpec spec) {
    for (int i = 0; i < progress.size(); i++) {
      if (progress.get(i).actionId().equals(spec.actionId())) {
        return i;
      }
    }
    throw new IllegalStateException("unknown action " + spec.actionId());
  }

  private static boolean allDone(List<ActionSpec> specs, Map<String, LedgerState> states) {
    return specs.stream()
        .allMatch(s -> states.get(s.actionId()) != null && states.get(s.actionId()).done());
  }

  private static List<String> earlierIds(List<ActionSpec> specs, int index) {
    return specs.subList(0, index).stream().map(ActionSpec::actionId).toList();
  }

  private static String firstFailure(List<ActionResult> results) {
    return results.stream()
        .filter(r -> r.outcome() == Outcome.FAILED || r.outcome() == Outcome.PARKED)
        .findFirst()
        .map(r -> "; first: " + r.actionId() + ": " + r.message())
        .orElse("");
  }

  /** The innermost failure's type and message: what TDX or the ledger said. */
  static String describe(TemporalFailure failure) {
    Throwable cause = failure;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof ApplicationFailure app) {
      return app.getType() + ": " + app.getOriginalMessage();
    }
    if (cause instanceof TemporalFailure temporal) {
      return cause.getClass().getSimpleName() + ": " + temporal.getOriginalMessage();
    }
    return cause.getClass().getSimpleName() + ": " + cause.getMessage();
  }
}
