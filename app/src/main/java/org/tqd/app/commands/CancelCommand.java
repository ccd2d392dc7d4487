package org.tqd.app.commands;

import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowStub;
import java.util.Map;
import java.util.concurrent.Callable;
import org.tqd.app.CliAudit;
import org.tqd.app.ExitCodes;
import org.tqd.app.Services;
import org.tqd.app.Settings;
import org.tqd.app.UserError;
import org.tqd.workflows.pipeline.PipelineDefinition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tqd cancel <ticket>}: asks the ticket's running workflow to stop. */
@Command(
    name = "cancel",
    mixinStandardHelpOptions = true,
    description = {
      "Cancel the running workflow of a ticket (workflow ID tqd:{ticket}:{pipeline}).",
      "The action running now finishes or is cancelled; the ones after it do not run. The ledger"
          + " keeps what completed; the next poll starts the ticket again only after `tqd retry`"
          + " or when the run counts as failed.",
      "Needs TEMPORAL_ADDRESS (a running cluster)."
    },
    footer = ExitCodes.HELP_FOOTER)
public final class CancelCommand implements Callable<Integer> {

  @Mixin TicketArguments ticket;

  @Option(
      names = "--reason",
      paramLabel = "TEXT",
      description = "Why, for the audit log (meta.tqd_audit_log).")
  String reason;

  @Mixin LoggingOptions logging;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    logging.apply();
    Settings settings = Settings.load();
    PipelineDefinition def = ticket.definition(settings);
    String workflowId = ticket.workflowId(def);
    try (Services services = new Services(settings)) {
      services.checkSettings(false);
      if (services.temporalEmbedded()) {
        throw UserError.config(
            "TEMPORAL_ADDRESS is not set: cancel acts on a running Temporal cluster; set it to the"
                + " frontend's host:port (or TEMPORAL_PROFILE to a profile that has one)");
      }
      WorkflowStub stub = services.client().newUntypedWorkflowStub(workflowId);
      CliAudit audit =
          CliAudit.begin(
              services,
              "cancel",
              ticket.ticketId,
              def.pipeline().pipelineId(),
              Map.of("workflow_id", workflowId),
              reason,
              false);
      try {
        stub.cancel();
        audit.completed(Map.of("workflow_id", workflowId, "cancellation_requested", true));
      } catch (WorkflowNotFoundException e) {
        audit.failed("no running workflow " + workflowId);
        throw new UserError(
            ExitCodes.RUNTIME_FAILURE,
            "no running workflow "
                + workflowId
                + " (already finished, or another pipeline:"
                + " pass --pipeline)");
      }
      spec.commandLine().getOut().printf("Cancellation requested for %s.%n", workflowId);
      spec.commandLine().getOut().flush();
      return ExitCodes.OK;
    }
  }
}
