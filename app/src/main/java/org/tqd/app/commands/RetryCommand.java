package org.tqd.app.commands;

import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.tqd.app.CliAudit;
import org.tqd.app.ExitCodes;
import org.tqd.app.Services;
import org.tqd.app.Settings;
import org.tqd.starter.TicketSearchAttributes;
import org.tqd.workflows.TicketRun;
import org.tqd.workflows.TicketRunResult;
import org.tqd.workflows.TicketWorkflow;
import org.tqd.workflows.activities.ActionResult;
import org.tqd.workflows.activities.TaskQueues;
import org.tqd.workflows.pipeline.PipelineDefinition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tqd retry <ticket>}: clears the ticket's failed and parked actions and runs it again. */
@Command(
    name = "retry",
    mixinStandardHelpOptions = true,
    description = {
      "Give a ticket's failed and parked actions a fresh allowance of runs in the ledger and"
          + " start its workflow again now (even if its last run ended).",
      "Completed actions are not repeated. Without TEMPORAL_ADDRESS the run happens in this"
          + " process and the command waits for it."
    },
    footer = ExitCodes.HELP_FOOTER)
public final class RetryCommand implements Callable<Integer> {

  @Mixin TicketArguments ticket;

  @Option(
      names = "--report-id",
      paramLabel = "ID",
      description = "Report to record in the ledger (default: DAEMON_REPORT_ID, else none).")
  Integer reportId;

  @Option(names = "--wait", description = "Wait for the run and print its outcome.")
  boolean await;

  @Option(
      names = "--wait-timeout",
      paramLabel = "SECONDS",
      defaultValue = "600",
      description = "How long --wait waits (default ${DEFAULT-VALUE}).")
  long waitTimeout;

  @Option(
      names = "--reason",
      paramLabel = "TEXT",
      description = "Why, for the audit log (meta.tqd_audit_log).")
  String reason;

  @Mixin LoggingOptions logging;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    logging.apply();
    Checks.seconds(waitTimeout, "--wait-timeout");
    if (reportId != null) {
      Checks.atLeast(reportId, 1, "--report-id");
    }
    Settings settings = Settings.load();
    PipelineDefinition def = ticket.definition(settings);
    Integer envReport =
        settings.getInt("DAEMON_REPORT_ID", 0, Integer.MAX_VALUE, "a report ID (0 for none)");
    int report =
        reportId != null
            ? reportId
            : def.name() != null && def.reportId() != null
                ? def.reportId()
                : envReport != null ? envReport : 0;
    PrintWriter out = spec.commandLine().getOut();
    try (Services services = new Services(settings)) {
      services.checkSettings(services.temporalEmbedded());
      CliAudit audit =
          ticket.dryRun
              ? null
              : CliAudit.begin(
                  services,
                  "retry",
                  ticket.ticketId,
                  def.pipeline().pipelineId(),
                  Map.of(),
                  reason,
                  true);
      try {
        int code = retry(services, def, report, out);
        if (audit != null) {
          if (code == ExitCodes.OK) {
            audit.completed(Map.of("exit_status", code));
          } else {
            audit.failed("the run did not complete (exit status " + code + ")");
          }
        }
        return code;
      } catch (RuntimeException e) {
        if (audit != null) {
          audit.failed(e.getMessage());
        }
        throw e;
      }
    }
  }

  private int retry(Services services, PipelineDefinition def, int report, PrintWriter out)
      throws Exception {
    {
      int reset = ticket.dryRun ? 0 : services.ledger().retry(ticket.ticketId);
      int redo = ticket.dryRun ? 0 : services.ledger().redoRolledBack(ticket.ticketId);
      out.printf("Ticket %d: %d failed or parked action(s) reset.%n", ticket.ticketId, reset);
      if (redo > 0) {
        out.printf("Ticket %d: %d rolled-back action(s) to redo.%n", ticket.ticketId, redo);
      }
      WorkflowClient client = services.client();
      boolean embedded = services.temporalEmbedded();
      if (embedded) {
        services.tdxForActivities();
        services.startWorker(
            services.workerSettings().withMetricsPort(-1), def.maxRunsBeforePark());
      }
      TicketRun run =
          new TicketRun(
              ticket.ticketId,
              report,
              null,
              def.pipeline(),
              ticket.dryRun,
              def.maxRunsBeforePark());
      TicketWorkflow wf =
          client.newWorkflowStub(
              TicketWorkflow.class,
              WorkflowOptions.newBuilder()
                  .setWorkflowId(run.workflowId())
                  .setTaskQueue(TaskQueues.TICKETS)
                  .setWorkflowIdReusePolicy(
                      WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                  .setTypedSearchAttributes(
                      TicketSearchAttributes.of(
                          ticket.ticketId, report, def.pipeline().pipelineId(), def.name()))
                  .setStaticSummary("Ticket " + ticket.ticketId + " (retry)")
                  .build());
      try {
        WorkflowClient.start(wf::run, run);
      } catch (WorkflowExecutionAlreadyStarted e) {
        out.printf("%s is already running; not started again.%n", run.workflowId());
        out.flush();
        return ExitCodes.OK;
      }
      out.printf("Started %s.%n", run.workflowId());
      if (!await && !embedded) {
        out.flush();
        return ExitCodes.OK;
      }
      WorkflowStub stub = WorkflowStub.fromTyped(wf);
      try {
        TicketRunResult result =
            stub.getResult(waitTimeout, TimeUnit.SECONDS, TicketRunResult.class);
        print(out, result);
        return ExitCodes.OK;
      } catch (WorkflowFailedException e) {
        if (e.getCause() instanceof ApplicationFailure f
            && TicketWorkflow.FAILURE_TYPE.equals(f.getType())) {
          print(out, f.getDetails().get(TicketRunResult.class));
        } else {
          out.printf(
              "Run failed: %s%n",
              e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
        }
        return ExitCodes.RUNTIME_FAILURE;
      } catch (TimeoutException e) {
        out.printf("Still running after %d s: %s%n", waitTimeout, run.workflowId());
        return ExitCodes.RUNTIME_FAILURE;
      } finally {
        out.flush();
      }
    }
  }

  private static void print(PrintWriter out, TicketRunResult result) {
    for (ActionResult r : result.results()) {
      out.printf("  %-40s %-13s %s%n", r.actionId(), r.outcome(), r.message());
    }
  }
}
