package org.tqd.app.commands;

import java.nio.file.Path;
import org.tqd.app.Settings;
import org.tqd.app.UserError;
import org.tqd.workflows.pipeline.PipelineConfigException;
import org.tqd.workflows.pipeline.PipelineDefinition;
import org.tqd.workflows.pipeline.PipelineFile;
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
    return loadFile(settings).pipelines();
  }

  /**
   * The validated pipeline; an invalid file, or a {@code pipelines:} file, is a configuration error
   * (exit 2).
   */
  public PipelineDefinition load(Settings settings) {
    try {
      return PipelineLoader.loadOrStandard(path(settings));
    } catch (PipelineConfigException e) {
      throw UserError.config(e.getMessage());
    }
  }

  /**
   * The validated file, of one pipeline or a {@code pipelines:} list; an invalid file is a
   * configuration error (exit 2).
   */
  public PipelineFile loadFile(Settings settings) {
    try {
      return PipelineLoader.loadFileOrStandard(path(settings));
    } catch (PipelineConfigException e) {
      throw UserError.config(e.getMessage());
    }
  }

  /**
   * One pipeline of the file: a file of one pipeline, or, of a {@code pipelines:} file, the one
   * named {@code name} (not needed when one pipeline is enabled). A missing or unknown name is a
   * configuration error (exit 2) listing the file's pipelines.
   */
  public PipelineDefinition loadOne(Settings settings, String name) {
    PipelineFile file = loadFile(settings);
    if (!file.multi()) {
      if (name != null) {
        throw UserError.config(
            "--pipeline-name is for a pipelines: file; "
                + file.source()
                + " holds one unnamed pipeline: leave --pipeline-name out");
      }
      return file.pipelines().get(0);
    }
    String names =
        String.join(", ", file.pipelines().stream().map(PipelineDefinition::name).toList());
    if (name == null) {
      if (file.enabled().size() == 1) {
        return file.enabled().get(0);
      }
      throw UserError.config(
          file.source()
              + " holds several pipelines: name one with --pipeline-name ("
              + names
              + ")");
    }
    return file.named(name)
        .orElseThrow(
            () ->
                UserError.config(
                    "--pipeline-name "
                        + name
                        + " is not in "
                        + file.source()
                        + "; its pipelines: "
                        + names));
  }

  private Path path(Settings settings) {
    Path path = file;
    if (path == null && settings.get("TQD_PIPELINE") != null) {
      path = Path.of(settings.get("TQD_PIPELINE"));
    }
    return path;
  }
}
