package org.tqd.app.commands;

import java.util.concurrent.Callable;
import org.tqd.app.ExitCodes;
import org.tqd.app.Settings;
import org.tqd.workflows.pipeline.PipelineDefinition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code tqd pipeline validate|show}. */
@Command(
    name = "pipeline",
    mixinStandardHelpOptions = true,
    description = "Validate or show a pipeline.",
    subcommands = {PipelineCommand.Validate.class, PipelineCommand.Show.class},
    footer = ExitCodes.HELP_FOOTER)
public final class PipelineCommand implements Runnable {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "say 'validate' or 'show'");
  }

  /** Validates the pipeline file and prints its ID; exit 2 with every problem listed if invalid. */
  @Command(
      name = "validate",
      mixinStandardHelpOptions = true,
      description = "Check a pipeline.yaml without running anything.",
      footer = ExitCodes.HELP_FOOTER)
  static final class Validate implements Callable<Integer> {
    @Mixin PipelineOptions pipeline;
    @Mixin LoggingOptions logging;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      logging.apply();
      PipelineDefinition def = pipeline.load(Settings.load());
      spec.commandLine()
          .getOut()
          .printf(
              "%s is valid: %d action(s), pipeline %s%n",
              def.source(), def.pipeline().actions().size(), def.pipeline().pipelineId());
      return ExitCodes.OK;
    }
  }

  /** Prints every action ID, its parameters and the pipeline ID. */
  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Show every action ID, its parameters, and the pipeline ID.",
      footer = ExitCodes.HELP_FOOTER)
  static final class Show implements Callable<Integer> {
    @Mixin PipelineOptions pipeline;
    @Mixin LoggingOptions logging;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      logging.apply();
      PipelineDefinition def = pipeline.load(Settings.load());
      spec.commandLine().getOut().print(def.describe());
      spec.commandLine().getOut().flush();
      return ExitCodes.OK;
    }
  }
}
