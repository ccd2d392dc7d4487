package org.tqd.app.commands;

import org.tqd.app.Settings;
import org.tqd.workflows.TicketRun;
import org.tqd.workflows.pipeline.PipelineDefinition;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The ticket and pipeline that {@code retry} and {@code cancel} act on. */
public final class TicketArguments {

  @Parameters(paramLabel = "TICKET_ID", description = "The TDX ticket ID.")
  int ticketId;

  @Option(names = "--dry-run", description = "The ticket's dry-run workflow (tqd-dry:…) instead.")
  boolean dryRun;

  @Mixin PipelineOptions pipeline;

  @Option(
      names = "--pipeline-name",
      paramLabel = "NAME",
      description =
          "With a pipelines: file, the pipeline (its name:) the ticket runs under; not needed when"
              + " the file has one enabled pipeline.")
  String pipelineName;

  /**
   * The pipeline, from --pipeline, TQD_PIPELINE or the standard one (with a {@code pipelines:}
   * file, the one --pipeline-name names); checks the ticket ID.
   */
  PipelineDefinition definition(Settings settings) {
    Checks.ticketId(ticketId, "TICKET_ID");
    return pipeline.loadOne(settings, pipelineName);
  }

  /** The ticket's workflow ID under that pipeline. */
  String workflowId(PipelineDefinition def) {
    return TicketRun.workflowId(ticketId, def.pipeline().pipelineId(), dryRun);
  }
}
