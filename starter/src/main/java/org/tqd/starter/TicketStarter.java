package org.tqd.starter;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tqd.starter.PollResult.Disposition;
import org.tqd.starter.PollResult.TicketStart;
import org.tqd.starter.ReportTickets.ReportTicket;
import org.tqd.workflows.TicketRun;
import org.tqd.workflows.TicketWorkflow;
import org.tqd.workflows.action.ActionSpec;

/**
 * Starts one ticket's workflow and says what happened. Always {@link WorkflowClient#start}: the
 * synchronous typed stub would swallow "already started" and wait for the old run.
 */
final class TicketStarter {

  private static final Logger log = LoggerFactory.getLogger(TicketStarter.class);

  /** Longest ticket title kept in the static summary; titles are free text of any length. */
  private static final int MAX_TITLE = 150;

  private final WorkflowClient client;
  private final StarterOptions options;
  private final String staticDetails;

  TicketStarter(WorkflowClient client, StarterOptions options) {
    this.client = client;
    this.options = options;
    this.staticDetails = staticDetails(options);
  }

  /** Thrown when Temporal cannot be reached: the rest of the poll is not attempted. */
  static final class TemporalUnavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TemporalUnavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Starts the ticket's workflow.
   *
   * @param failedBefore whether the ledger has failed actions for this ticket (a successful start
   *     is then a restart after failure)
   * @throws TemporalUnavailable when the Temporal service is unreachable or not answering
   */
  TicketStart start(ReportTicket ticket, boolean failedBefore) {
    TicketRun run =
        new TicketRun(
            ticket.id(),
            options.reportId(),
            ticket.title(),
            options.pipeline(),
            options.dryRun(),
            options.maxRunsBeforePark(),
            RowColumns.readBy(options.pipeline(), ticket.row()));
    String workflowId = run.workflowId();
    // A run can close between a rejected start and the describe that follows; then one more start
    // settles it (a failed run is restartable now, a completed one is done).
    for (int attempt = 1; ; attempt++) {
      try {
        TicketWorkflow stub = client.newWorkflowStub(TicketWorkflow.class, workflowOptions(run));
        WorkflowExecution execution = WorkflowClient.start(stub::run, run);
        Disposition disposition = failedBefore ? Disposition.RESTARTED : Disposition.STARTED;
        log.debug("ticket {}: started {} run {}", ticket.id(), workflowId, execution.getRunId());
        return new TicketStart(
            ticket.id(), ticket.title(), workflowId, execution.getRunId(), disposition, null);
      } catch (WorkflowExecutionAlreadyStarted e) {
        String existingRun = e.getExecution() == null ? null : e.getExecution().getRunId();
        Optional<TicketStart> settled = classifyExisting(ticket, workflowId, existingRun);
        if (settled.isPresent() || attempt >= 2) {
          return settled.orElseGet(
              () ->
                  new TicketStart(
                      ticket.id(),
                      ticket.title(),
                      workflowId,
                      existingRun,
                      Disposition.IN_FLIGHT,
                      "start rejected as already started"));
        }
      } catch (RuntimeException e) {
        if (isUnavailable(e)) {
          throw new TemporalUnavailable("Temporal is unreachable: " + rootMessage(e), e);
        }
        log.warn("ticket {}: could not start {}: {}", ticket.id(), workflowId, rootMessage(e));
        return new TicketStart(
            ticket.id(),
            ticket.title(),
            workflowId,
            null,
            Disposition.START_FAILED,
            rootMessage(e));
      }
    }
  }

  /**
   * What the rejected start ran into: a running run (in flight) or a completed one (done). Empty
   * when the run closed otherwise in the meantime, so that starting again may succeed.
   */
  private Optional<TicketStart> classifyExisting(
      ReportTicket ticket, String workflowId, String existingRun) {
    WorkflowExecutionStatus status;
    String runId = existingRun;
    try {
      var description = client.newUntypedWorkflowStub(workflowId).describe();
      status = description.getStatus();
      runId = description.getExecution().getRunId();
    } catch (RuntimeException e) {
      // The start was rejected, so a run exists; without its status, "in flight" is the safe
      // reading: the next poll asks again.
      log.debug("ticket {}: describe {} failed: {}", ticket.id(), workflowId, rootMessage(e));
      return Optional.of(
          new TicketStart(
              ticket.id(),
              ticket.title(),
              workflowId,
              runId,
              Disposition.IN_FLIGHT,
              "already started; status unknown: " + rootMessage(e)));
    }
    return switch (status) {
      case WORKFLOW_EXECUTION_STATUS_RUNNING, WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW ->
          Optional.of(
              new TicketStart(
                  ticket.id(), ticket.title(), workflowId, runId, Disposition.IN_FLIGHT, null));
      case WORKFLOW_EXECUTION_STATUS_COMPLETED ->
          Optional.of(
              new TicketStart(
                  ticket.id(),
                  ticket.title(),
                  workflowId,
                  runId,
                  Disposition.ALREADY_DONE,
                  "last run completed"));
      default -> Optional.empty();
    };
  }

  private WorkflowOptions workflowOptions(TicketRun run) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(run.workflowId())
        .setTaskQueue(options.taskQueue())
        // The ledger, not the workflow ID, decides what still has to run (DESIGN §3.3): a closed
        // run never blocks the next one the ledger asks for (a condition that came true, a retried
        // or cleared action), and the conflict policy keeps two runs of a ticket from overlapping.
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
        .setWorkflowExecutionTimeout(options.workflowExecutionTimeout())
        .setTypedSearchAttributes(
            TicketSearchAttributes.of(
                run.ticketId(), run.reportId(), run.pipeline().pipelineId(), run.pipeline().name()))
        .setStaticSummary(staticSummary(run))
        .setStaticDetails(staticDetails)
        .build();
  }

  /** {@code Ticket 123: Laptop will not boot} (the title shortened to 150 characters). */
  static String staticSummary(TicketRun run) {
    String prefix = (run.dryRun() ? "Dry run: ticket " : "Ticket ") + run.ticketId();
    String title = run.title() == null ? "" : run.title().strip().replaceAll("\\s+", " ");
    if (title.isEmpty()) {
      return prefix;
    }
    if (title.length() > MAX_TITLE) {
      title = title.substring(0, MAX_TITLE - 1) + "…";
    }
    return prefix + ": " + title;
  }

  /** The pipeline ID, the report, and the action IDs in order, one per line. */
  static String staticDetails(StarterOptions options) {
    StringBuilder details =
        new StringBuilder(options.dryRun() ? "Dry run of pipeline " : "Pipeline ")
            .append(options.pipeline().name() == null ? "" : "'" + options.pipeline().name() + "' ")
            .append(options.pipeline().pipelineId())
            .append(" from report ")
            .append(options.reportId())
            .append("\nActions:");
    int i = 1;
    for (ActionSpec action : options.pipeline().actions()) {
      details.append("\n").append(i++).append(". ").append(action.actionId());
    }
    return details.toString();
  }

  static boolean isUnavailable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException s) {
        Status.Code code = s.getStatus().getCode();
        return code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED;
      }
    }
    return false;
  }

  static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
