package org.tqd.app.commands;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.tqd.app.ExitCodes;
import org.tqd.app.Services;
import org.tqd.app.Settings;
import org.tqd.app.UserError;
import org.tqd.app.check.OnlineValidation;
import org.tqd.tdx.TdxException;
import org.tqd.workflows.pipeline.PipelineDefinition;
import org.tqd.workflows.pipeline.PipelineFile;
import org.tqd.workflows.pipeline.PipelineProblem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
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

  /**
   * Validates the pipeline file and prints each pipeline's ID; exit 2 with every problem listed if
   * invalid. With {@code --online}, also checks the file against TDX ({@link OnlineValidation}).
   */
  @Command(
      name = "validate",
      mixinStandardHelpOptions = true,
      description = {
        "Check a pipeline file without running anything.",
        "With --online, also check against TDX (read-only calls): each report and the columns"
            + " rules read, status IDs, and custom attribute names and IDs."
      },
      footer = ExitCodes.HELP_FOOTER)
  static final class Validate implements Callable<Integer> {
    @Mixin PipelineOptions pipeline;

    @Option(
        names = "--online",
        description = "Also check reports, columns, status IDs and attributes against TDX.")
    boolean online;

    @Option(
        names = "--report-id",
        paramLabel = "ID",
        description =
            "With --online, the report of a file of one pipeline without report_id (default:"
                + " DAEMON_REPORT_ID). Not allowed with a pipelines: file.")
    Integer reportId;

    @Option(
        names = "--ticket-column",
        paramLabel = "NAME",
        defaultValue = "TicketID",
        description = "Report column holding the ticket ID (default ${DEFAULT-VALUE}).")
    String ticketColumn;

    @Mixin LoggingOptions logging;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      logging.apply();
      Settings settings = Settings.load();
      PipelineFile file = pipeline.loadFile(settings);
      if (reportId != null && file.multi()) {
        throw UserError.config(
            "--report-id cannot be used with "
                + file.source()
                + ": it holds a pipelines: list, and each pipeline names its own report_id");
      }
      if (reportId != null) {
        Checks.atLeast(reportId, 1, "--report-id");
      }
      PrintWriter out = spec.commandLine().getOut();
      if (online) {
        Integer report = reportId;
        if (report == null) {
          Integer env = settings.getInt("DAEMON_REPORT_ID", 0, Integer.MAX_VALUE, "a report ID");
          report = env == null || env == 0 ? null : env;
        }
        List<PipelineProblem> problems;
        OnlineValidation validation;
        try (Services services = new Services(settings)) {
          validation = new OnlineValidation(services.tdxForCommands(), ticketColumn);
          try {
            problems = validation.problems(file, file.multi() ? null : report);
          } catch (TdxException e) {
            throw UserError.runtime(
                "Could not check " + file.source() + " against TDX: " + e.getMessage(), e);
          }
        }
        if (!problems.isEmpty()) {
          throw UserError.config(
              file.source()
                  + " does not match TDX ("
                  + problems.size()
                  + (problems.size() == 1 ? " problem" : " problems")
                  + "):"
                  + problems.stream().map(p -> "\n  " + p).collect(Collectors.joining()));
        }
        out.printf(
            "%s matches TDX: %s%n",
            file.source(),
            validation.checked().isEmpty()
                ? "nothing to check (no report ID, status ID or attribute named)"
                : String.join(", ", validation.checked()));
      }
      if (!file.multi()) {
        PipelineDefinition def = file.pipelines().get(0);
        out.printf(
            "%s is valid: %d action(s), pipeline %s%n",
            def.source(), def.pipeline().actions().size(), def.pipeline().pipelineId());
      } else {
        out.printf("%s is valid: %d pipelines%n", file.source(), file.pipelines().size());
        for (PipelineDefinition def : file.pipelines()) {
          out.printf(
              "  %s: report %d, %d action(s), pipeline %s%s%n",
              def.name(),
              def.reportId(),
              def.pipeline().actions().size(),
              def.pipeline().pipelineId(),
              def.enabled() ? "" : " (disabled)");
        }
      }
      out.flush();
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
      PipelineFile file = pipeline.loadFile(Settings.load());
      spec.commandLine().getOut().print(file.describe());
      spec.commandLine().getOut().flush();
      return ExitCodes.OK;
    }
  }
}
