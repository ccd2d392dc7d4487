package org.tqd.app.commands;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.tqd.app.CliAudit;
import org.tqd.app.ExitCodes;
import org.tqd.app.Services;
import org.tqd.app.Settings;
import org.tqd.app.UserError;
import org.tqd.console.api.ApiException;
import org.tqd.console.api.OperatorService;
import org.tqd.workflows.pipeline.PipelineDefinition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tqd undo <ticket> [--action ID] --reason TEXT}: the undo workflow, from a shell. */
@Command(
    name = "undo",
    mixinStandardHelpOptions = true,
    description = {
      "Undo what tqd's actions did to a ticket (all of them, or the one --action names): linked"
          + " assets are unlinked, a changed status and changed fields are set back, and each"
          + " comment gets a note saying it is withdrawn (TDX comments cannot be deleted).",
      "Runs as a Temporal workflow (UndoWorkflow), newest action first; before each change it"
          + " checks that TDX still shows tqd's value, and leaves a value a person changed since,"
          + " reporting a conflict. Undone actions become rolled_back: polls do not redo them;"
          + " 'tqd retry' (or a run from the console) does.",
      "Recorded in the audit log with the OS user and the reason. Exit status 1 when a conflict"
          + " left something in place. Without TEMPORAL_ADDRESS the undo runs in this process."
    },
    footer = ExitCodes.HELP_FOOTER)
public final class UndoCommand implements Callable<Integer> {

  @Parameters(paramLabel = "TICKET_ID", description = "The TDX ticket ID.")
  int ticketId;

  @Option(names = "--action", paramLabel = "ID", description = "Only this action (its action ID).")
  String actionId;

  @Option(
      names = "--reason",
      required = true,
      paramLabel = "TEXT",
      description = "Why (required; kept in the audit log and in the withdrawal notes).")
  String reason;

  @Option(
      names = "--wait-timeout",
      paramLabel = "SECONDS",
      defaultValue = "600",
      description = "How long to wait for the undo (default ${DEFAULT-VALUE}).")
  long waitTimeout;

  @Option(names = "--json", description = "Print the outcome as JSON.")
  boolean json;

  @Mixin PipelineOptions pipeline;
  @Mixin LoggingOptions logging;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  @SuppressWarnings("unchecked")
  public Integer call() throws Exception {
    logging.apply();
    Checks.ticketId(ticketId, "TICKET_ID");
    Checks.seconds(waitTimeout, "--wait-timeout");
    if (reason.isBlank()) {
      throw UserError.config("--reason must say why (it is kept in the audit log)");
    }
    if (actionId != null && actionId.isBlank()) {
      throw UserError.config("--action needs an action ID (tqd ledger ticket " + ticketId + ")");
    }
    Settings settings = Settings.load();
    List<PipelineDefinition> defs = pipeline.loadAll(settings);
    PrintWriter out = spec.commandLine().getOut();
    try (Services services = new Services(settings)) {
      services.checkSettings(services.temporalEmbedded());
      if (services.temporalEmbedded()) {
        services.tdxForActivities();
        services.startWorker(
            services.workerSettings().withMetricsPort(-1),
            defs.stream().mapToInt(PipelineDefinition::maxRunsBeforePark).max().orElse(3));
      }
      OperatorService service = ConsoleCommand.operatorService(services, defs);
      Map<String, Object> params = new LinkedHashMap<>();
      if (actionId != null) {
        params.put("action_id", actionId);
      }
      CliAudit audit = CliAudit.begin(services, "undo", ticketId, null, params, reason, false);
      OperatorService.Started started;
      try {
        started = service.undo(ticketId, actionId, audit.id(), CliAudit.actor(), reason);
      } catch (ApiException e) {
        audit.failed(e.getMessage());
        throw new UserError(ExitCodes.RUNTIME_FAILURE, e.getMessage());
      } catch (RuntimeException e) {
        audit.failed(e.getMessage());
        throw e;
      }
      if (!json) {
        out.printf("Started %s.%n", started.workflowId());
        out.flush();
      }
      Map<String, Object> result;
      try {
        result = started.outcome().get(waitTimeout, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        out.printf(
            "Still running after %s: %s%n", Duration.ofSeconds(waitTimeout), started.workflowId());
        out.flush();
        return ExitCodes.RUNTIME_FAILURE;
      } catch (ExecutionException e) {
        Throwable c = e.getCause() == null ? e : e.getCause();
        audit.failed(c.getMessage());
        throw new UserError(ExitCodes.RUNTIME_FAILURE, "the undo failed: " + c.getMessage());
      }
      audit.completed(result);
      long conflicts = ((Number) result.get("conflicts")).longValue();
      if (json) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("audit_id", audit.id());
        answer.put("workflow_id", started.workflowId());
        answer.putAll(result);
        JsonOutput.print(out, answer);
      } else {
        for (Map<String, Object> a : (List<Map<String, Object>>) result.get("actions")) {
          out.printf("  %-40s %-20s %s%n", a.get("action_id"), a.get("outcome"), a.get("message"));
        }
        out.printf(
            "Ticket %d: %s action(s) rolled back, %d conflict(s).%n",
            ticketId, result.get("rolled_back"), conflicts);
        out.flush();
      }
      return conflicts > 0 ? ExitCodes.RUNTIME_FAILURE : ExitCodes.OK;
    }
  }
}
