package org.tqd.app.commands;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.tqd.app.ExitCodes;
import org.tqd.app.Services;
import org.tqd.app.Settings;
import org.tqd.workflows.pipeline.PipelineDefinition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tqd status}: the queues overview of {@code GET /api/v1/queues}, from the ledger. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "The queues overview: per pipeline, the tickets in its report at the last poll, and how many"
          + " are done, running, failed, parked, not applicable or rolled back; the last and next"
          + " poll; whether it is paused.",
      "Reads the ledger (DATABASE_URL) only."
    },
    footer = ExitCodes.HELP_FOOTER)
public final class StatusCommand implements Callable<Integer> {

  @Option(names = "--json", description = "Print the overview as JSON (the API's shape).")
  boolean json;

  @Mixin PipelineOptions pipeline;
  @Mixin LoggingOptions logging;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  @SuppressWarnings("unchecked")
  public Integer call() {
    logging.apply();
    Settings settings = Settings.load();
    List<PipelineDefinition> defs = pipeline.loadAll(settings);
    PrintWriter out = spec.commandLine().getOut();
    try (Services services = new Services(settings)) {
      Map<String, Object> overview = ConsoleCommand.operatorService(services, defs).queues();
      if (json) {
        JsonOutput.print(out, overview);
        return ExitCodes.OK;
      }
      out.printf(
          "%-24s %7s %7s %6s %8s %7s %7s %7s %8s  %-20s %-20s %s%n",
          "pipeline",
          "report",
          "tickets",
          "done",
          "running",
          "failed",
          "parked",
          "n/a",
          "undone",
          "last poll",
          "next poll",
          "paused");
      for (Map<String, Object> q : (List<Map<String, Object>>) overview.get("queues")) {
        out.printf(
            "%-24s %7s %7s %6s %8s %7s %7s %7s %8s  %-20s %-20s %s%n",
            shorten(String.valueOf(q.get("pipeline")), 24),
            dash(q.get("tickets_in_report")),
            q.get("tickets"),
            q.get("done"),
            q.get("running"),
            q.get("failed"),
            q.get("parked"),
            q.get("not_applicable"),
            q.get("rolled_back"),
            minute(q.get("last_poll")),
            minute(q.get("next_poll")),
            Boolean.TRUE.equals(q.get("paused")) ? "yes" : "no");
      }
      out.flush();
      return ExitCodes.OK;
    }
  }

  private static String dash(Object o) {
    return o == null ? "-" : o.toString();
  }

  private static String minute(Object o) {
    if (o == null) {
      return "-";
    }
    String t = o.toString();
    return t.length() >= 16 ? t.substring(0, 16).replace('T', ' ') : t;
  }

  private static String shorten(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}
