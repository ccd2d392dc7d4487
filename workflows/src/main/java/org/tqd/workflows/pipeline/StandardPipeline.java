package org.tqd.workflows.pipeline;

import java.util.List;
import java.util.Map;
import org.tqd.workflows.TicketRun;
import org.tqd.workflows.action.ActionSpecs;
import org.tqd.workflows.action.Pipeline;

/**
 * The pipeline tqd runs when there is no pipeline file: the Python daemon's production pipeline
 * without {@code add_lab} (which needs a site-specific lab database), with the daemon's parameters,
 * so a site that ran the daemon keeps its action IDs: {@code add_asset:a6ee89781f2f:v2}, {@code
 * find_active_tickets:e9b209460690:v1}, {@code summary_comment:3a46b2bb91de:v1}.
 */
public final class StandardPipeline {

  /** The {@link PipelineDefinition#source()} of the standard pipeline. */
  public static final String SOURCE = "standard pipeline; no pipeline file";

  private static final Pipeline PIPELINE =
      Pipeline.of(
          List.of(
              ActionSpecs.create("add_asset", "v2", Map.of(), false, null),
              ActionSpecs.create("find_active_tickets", "v1", Map.of(), false, null),
              ActionSpecs.create("summary_comment", "v1", Map.of(), false, null)));

  private StandardPipeline() {}

  /** The standard pipeline. */
  public static Pipeline get() {
    return PIPELINE;
  }

  /** The standard pipeline with no report ID and the default park threshold (3 runs). */
  public static PipelineDefinition definition() {
    return new PipelineDefinition(null, TicketRun.DEFAULT_MAX_RUNS_BEFORE_PARK, PIPELINE, SOURCE);
  }
}
