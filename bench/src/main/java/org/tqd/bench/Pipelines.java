package org.tqd.bench;

import org.tqd.workflows.pipeline.PipelineConfigException;
import org.tqd.workflows.pipeline.PipelineDefinition;
import org.tqd.workflows.pipeline.PipelineLoader;
import org.tqd.workflows.pipeline.StandardPipeline;

/** The pipelines the benchmarks run, by name. */
enum Pipelines {
  /** add_asset, find_active_tickets, summary_comment: the daemon's production pipeline. */
  STANDARD,
  /** add_asset and summary_comment only, with the standard pipeline's parameters. */
  ASSET_SUMMARY;

  private static final String ASSET_SUMMARY_YAML =
      """
      actions:
        - type: add_asset
          version: v2
        - type: summary_comment
      """;

  PipelineDefinition definition() {
    if (this == STANDARD) {
      return StandardPipeline.definition();
    }
    try {
      return PipelineLoader.parse(ASSET_SUMMARY_YAML, "bench: add_asset + summary_comment");
    } catch (PipelineConfigException e) {
      throw new IllegalStateException("the benchmark's own pipeline is invalid: " + e, e);
    }
  }

  /** The name on the command line: {@code standard}, {@code asset-summary}. */
  String label() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  static Pipelines of(String label) {
    for (Pipelines p : values()) {
      if (p.label().equals(label)) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "unknown pipeline '" + label + "': use standard or asset-summary");
  }
}
