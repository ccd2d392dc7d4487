package org.tqd.workflows.pipeline;

import java.util.List;
import java.util.Objects;

/**
 * A validated pipeline file: one pipeline (a file with {@code actions:}, or the standard pipeline),
 * or several ({@code pipelines:}, each with a name, a report and its actions).
 *
 * @param source the file as named by the user, or {@link StandardPipeline#SOURCE}
 * @param multi true for a {@code pipelines:} file
 * @param pipelines every pipeline in file order, the disabled ones included
 */
public record PipelineFile(String source, boolean multi, List<PipelineDefinition> pipelines) {

  public PipelineFile {
    Objects.requireNonNull(source, "source");
    pipelines = List.copyOf(pipelines);
    if (pipelines.isEmpty()) {
      throw new IllegalArgumentException("a pipeline file holds at least one pipeline");
    }
  }

  /** A file of one pipeline. */
  public static PipelineFile single(PipelineDefinition definition) {
    return new PipelineFile(definition.source(), false, List.of(definition));
  }

  /** The pipelines to poll: those not disabled, in file order. */
  public List<PipelineDefinition> enabled() {
    return pipelines.stream().filter(PipelineDefinition::enabled).toList();
  }

  /** The pipeline named so, if the file has it. */
  public java.util.Optional<PipelineDefinition> named(String name) {
    return pipelines.stream().filter(p -> name.equals(p.name())).findFirst();
  }

  /** {@code tqd pipeline show}: every pipeline's description, one after the other. */
  public String describe() {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < pipelines.size(); i++) {
      if (i > 0) {
        out.append('\n');
      }
      out.append(pipelines.get(i).describe());
    }
    return out.toString();
  }
}
