package org.tqd.app.commands;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.tqd.app.ExitCodes;
import org.tqd.app.Logging;
import org.tqd.app.Settings;
import org.tqd.app.UserError;
import org.tqd.app.check.CheckResult;
import org.tqd.app.check.ReadinessChecks;
import org.tqd.workflows.pipeline.PipelineDefinition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tqd check}: is this configuration ready to go live? */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Check, before going live, everything tqd needs, and say what to do about each failure:"
          + " TDX credentials; the report (exists, shared with the account, has the ticket-ID"
          + " column, which status column); the rate-limit headers; the pipeline's ticket"
          + " status, form and type IDs, and its asset form and statuses; PostgreSQL"
          + " (DATABASE_URL); Temporal (frontend, namespace, search attributes TicketId,"
          + " ReportId, PipelineId).",
      "Reads the same settings as run and worker; writes nothing to TDX or the ledger.",
      "Exit status: 0 when every check passed, 1 when any failed, 2 for bad arguments."
    },
    footer = ExitCodes.HELP_FOOTER)
public final class CheckCommand implements Callable<Integer> {

  @Option(
      names = "--report-id",
      paramLabel = "ID",
      description = "Report to check (default: DAEMON_REPORT_ID, then pipeline.yaml's report_id).")
  Integer reportId;

  @Option(
      names = "--ticket-column",
      paramLabel = "NAME",
      defaultValue = "TicketID",
      description = "Report column holding the ticket ID (default ${DEFAULT-VALUE}).")
  String ticketColumn;

  @Mixin PipelineOptions pipeline;

  @Option(
      names = "--pipeline-name",
      paramLabel = "NAME",
      description =
          "With a pipelines: file, the pipeline to check (not needed when one is enabled).")
  String pipelineName;

  @Mixin LoggingOptions logging;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    // The checks print their own findings; library log lines only with an explicit --log-level.
    if (spec.commandLine().getParseResult().hasMatchedOption("--log-level")) {
      logging.apply();
    } else {
      Logging.configure("WARNING", logging.logFile);
    }
    Checks.nonBlank(
        ticketColumn, "--ticket-column", "name the report column that holds ticket IDs (TicketID)");
    Settings settings = Settings.load();
    PipelineDefinition def = pipeline.loadOne(settings, pipelineName);
    int report = reportId(settings, def);

    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "tqd check: report %d, pipeline %s (%s)%n%n",
        report, def.pipeline().pipelineId(), def.source());
    out.flush();
    List<String> warnings = new ArrayList<>();
    List<CheckResult> results =
        new ReadinessChecks(settings.asMap(), report, ticketColumn, def.pipeline(), warnings::add)
            .run(r -> print(out, r));
    for (String w : warnings) {
      out.println("  note  " + w);
    }
    long passed = results.stream().filter(CheckResult::passed).count();
    long failed = results.stream().filter(r -> r.outcome() == CheckResult.Outcome.FAIL).count();
    long skipped = results.size() - passed - failed;
    out.printf(
        "%ntqd check: %d passed, %d failed, %d skipped: %s%n",
        passed,
        failed,
        skipped,
        failed == 0 ? "ready" : "not ready, fix the failures above and run tqd check again");
    out.flush();
    return failed == 0 ? ExitCodes.OK : ExitCodes.RUNTIME_FAILURE;
  }

  private static void print(PrintWriter out, CheckResult r) {
    out.printf("  %-4s  %s: %s%n", r.outcome(), r.name(), r.detail());
    if (r.fix() != null) {
      out.printf("        fix: %s%n", r.fix());
    }
    out.flush();
  }

  private int reportId(Settings settings, PipelineDefinition def) {
    if (reportId != null) {
      if (reportId < 1) {
        throw UserError.config("--report-id must be a positive integer, got " + reportId);
      }
      return reportId;
    }
    if (def.name() != null && def.reportId() != null) {
      return def.reportId();
    }
    Integer env = settings.getInt("DAEMON_REPORT_ID");
    if (env != null && env > 0) {
      return env;
    }
    if (def.reportId() != null) {
      return def.reportId();
    }
    throw UserError.config(
        "Report ID not specified. Use --report-id or set DAEMON_REPORT_ID env var"
            + " (or report_id in pipeline.yaml)");
  }
}
