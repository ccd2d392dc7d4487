package org.tqd.app.commands;

import java.nio.file.Path;
import org.tqd.app.Settings;
import org.tqd.app.UserError;
import org.tqd.workflows.pipeline.PipelineConfigException;
import org.tqd.workflows.pipeline.PipelineDefinition;
import org.tqd.workflows.pipeline.PipelineLoader;
import picocli.CommandLine.Option;

/** {@code --pipeline FILE} (or {@code TQD_PIPELINE}); without either, the standard pipeline. */
public final class PipelineOptions {

  @Option(
      names = {"--pipeline", "--file"},
      paramLabel = "FILE",
      description = "pipeline.yaml to run (default: TQD_PIPELINE, else the standard pipeline).")
  Path file;

  /** Every pipeline of the file (or the standard one); an invalid file is a configuration error. */
  public java.util.List<PipelineDefinition> loadAll(Settings settings) {
    Path path = file;
    if (path == null && settings.get("TQD_PIPELINE") != null) {
      path = Path.of(settings.get("TQD_PIPELINE"));
    }
    try {
      return PipelineLoader.loadFileOrStandard(path).pipelines();
    } catch (PipelineConfigException e) {
      throw UserError.config(e.getMessage());
    }
  }

  /** The validated pipeline; an invalid file is a configuration error (exit 2). */
  public PipelineDefinition load(Settings settings) {
    Path path = file;
    if (path == null && settings.get("TQD_PIPELINE") != null) {
      path = Path.of(settings.get("TQD_PIPELINE"));
    }
    try {
      return PipelineLoader.loadOrStandard(path);
    } catch (PipelineConfigException e) {
      throw UserError.config(e.getMessage());
    }
  }
}
