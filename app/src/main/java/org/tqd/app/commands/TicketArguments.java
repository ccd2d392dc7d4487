package org.tqd.app.commands;

import org.tqd.app.Settings;
import org.tqd.app.UserError;
import org.tqd.workflows.TicketRun;
import org.tqd.workflows.pipeline.PipelineDefinition;
import org.tqd.workflows.pipeline.PipelineFile;
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
    PipelineFile file = pipeline.loadFile(settings);
    if (!file.multi()) {
      if (pipelineName != null) {
        throw UserError.config(
            "--pipeline-name is for a pipelines: file; "
                + file.source()
                + " holds one unnamed pipeline: leave --pipeline-name out");
      }
      return file.pipelines().get(0);
    }
    String names =
        String.join(", ", file.pipelines().stream().map(PipelineDefinition::name).toList());
    if (pipelineName == null) {
      if (file.enabled().size() == 1) {
        return file.enabled().get(0);
      }
      throw UserError.config(
          file.source()
              + " holds several pipelines: name one with --pipeline-name ("
              + names
              + ")");
    }
    return file.named(pipelineName)
        .orElseThrow(
            () ->
                UserError.config(
                    "--pipeline-name "
                        + pipelineName
                        + " is not in "
                        + file.source()
                        + "; its pipelines: "
                        + names));
  }

  /** The ticket's workflow ID under that pipeline. */
  String workflowId(PipelineDefinition def) {
    return TicketRun.workflowId(ticketId, def.pipeline().pipelineId(), dryRun);
  }
}
