package org.tqd.app.commands;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.tqd.app.ExitCodes;
import org.tqd.app.Services;
import org.tqd.app.Settings;
import org.tqd.app.UserError;
import org.tqd.sandbox.RateLimits;
import org.tqd.sandbox.TdxSandbox;
import org.tqd.sandbox.TicketState;
import org.tqd.sandbox.TicketTruth;
import org.tqd.starter.PollResult;
import org.tqd.starter.ReportPoller;
import org.tqd.starter.StarterOptions;
import org.tqd.starter.TicketOutcome;
import org.tqd.workflows.activities.ActionResult;
import org.tqd.workflows.pipeline.PipelineDefinition;
import org.tqd.workflows.pipeline.StandardPipeline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tqd demo}: the whole job on one machine. A TDX sandbox with generated tickets, an embedded
 * Temporal test server and PostgreSQL (in a temporary directory), and a worker; one poll of the
 * report with the standard pipeline, a table of what happened to each ticket checked against the
 * sandbox's ground truth, then a second poll that finds nothing to do.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run the standard pipeline against a local TDX sandbox with embedded Temporal and"
          + " PostgreSQL, check the result against the sandbox's ground truth, and poll again to"
          + " show that nothing is done twice. Needs no configuration and leaves nothing behind."
    },
    footer = ExitCodes.HELP_FOOTER)
public final class DemoCommand implements Callable<Integer> {

  /** The most tickets the demo generates (the sandbox's own limit is higher). */
  static final int MAX_TICKETS = 10_000;

  @Option(
      names = "--tickets",
      defaultValue = "30",
      description = "Tickets in the report (default ${DEFAULT-VALUE}).")
  int tickets;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Sandbox data seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--limit-scale",
      defaultValue = "5",
      description =
          "Multiply TDX's documented rate limits in the sandbox, so the demo takes seconds; 1"
              + " runs at real TDX speed (default ${DEFAULT-VALUE}).")
  double limitScale;

  @Mixin LoggingOptions logging;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (logging.logLevel == null || "INFO".equalsIgnoreCase(logging.logLevel)) {
      logging.logLevel = "WARNING";
    }
    logging.apply();
    Checks.atLeast(tickets, 1, "--tickets");
    if (tickets > MAX_TICKETS) {
      throw UserError.config("--tickets must be at most " + MAX_TICKETS + ", got " + tickets);
    }
    if (!(limitScale > 0) || Double.isInfinite(limitScale)) {
      throw UserError.config("--limit-scale must be a positive number, got " + limitScale);
    }
    PrintWriter out = spec.commandLine().getOut();
    long t0 = System.nanoTime();
    Path pgDir = Files.createTempDirectory("tqd-demo-pg");
    try (TdxSandbox sandbox =
        TdxSandbox.builder()
            .tickets(tickets)
            .seed(seed)
            .rateLimits(new RateLimits(true, limitScale, null))
            .build()
            .start()) {
      out.printf(
          "TDX sandbox    %s  (%d tickets, seed %d, rate limits x%s)%n",
          sandbox.baseUrl(), tickets, seed, fmt(limitScale));
      Map<String, String> env = sandbox.tqdSettings();
      env.put("TQD_EMBEDDED_PG_DIR", pgDir.toString());
      env.put("TQD_EMBEDDED_PG_PORT", Integer.toString(freePort()));
      env.put("TQD_TDX_CONCURRENCY", "16");
      env.put("TQD_METRICS_PORT", "-1");
      try (Services services = new Services(Settings.of(env))) {
        PipelineDefinition def = StandardPipeline.definition();
        services.openLedgerAndTemporal();
        out.printf("PostgreSQL     embedded, %s%n", pgDir);
        out.printf("Temporal       embedded test server, namespace %s%n", services.namespace());
        services.startWorker(services.workerSettings(), def.maxRunsBeforePark());
        out.printf(
            "Pipeline       %s: %s%n%n",
            def.pipeline().pipelineId(), String.join(", ", def.pipeline().actionIds()));

        StarterOptions options =
            StarterOptions.newBuilder(sandbox.reportId(), def.pipeline()).build();
        ReportPoller poller = services.poller(options, null);

        Map<Integer, List<Integer>> before = new HashMap<>();
        for (int id : sandbox.reportTickets()) {
          before.put(id, sandbox.state(id).assetIds());
        }
        sandbox.resetCalls();
        PollResult first = poller.pollOnce();
        out.println("Poll 1: " + first.line());
        if (first.error() != null) {
          return ExitCodes.RUNTIME_FAILURE;
        }
        AtomicInteger done = new AtomicInteger();
        int total = first.startedRuns().size();
        List<TicketOutcome> outcomes =
            poller.awaitOutcomes(
                first,
                Duration.ofMinutes(10),
                o -> {
                  int n = done.incrementAndGet();
                  if (n % 5 == 0 || n == total) {
                    out.printf("  %d/%d tickets finished%n", n, total);
                    out.flush();
                  }
                });
        long calls = sandbox.totalCalls();
        out.println();
        int mismatches = printTable(out, sandbox, before, outcomes);

        sandbox.resetCalls();
        PollResult second = poller.pollOnce();
        out.println();
        out.println("Poll 2: " + second.line());
        out.printf(
            "        TDX calls in poll 2: %d (the report only); workflows started: %d%n",
            sandbox.totalCalls(), second.started());

        long failed =
            outcomes.stream().filter(o -> o.status() != TicketOutcome.Status.SUCCEEDED).count();
        out.printf(
            "%nTDX calls in poll 1: %d for %d tickets (%.1f per ticket, incl. logins,"
                + " report and asset index)%n",
            calls, total, total == 0 ? 0.0 : (double) calls / total);
        out.printf(
            "Result: %d tickets, %d failed, %d differ from the ground truth, second poll"
                + " started %d. %s in %.1f s%n",
            outcomes.size(),
            failed,
            mismatches,
            second.started(),
            failed == 0 && mismatches == 0 && second.started() == 0 ? "OK" : "PROBLEMS",
            (System.nanoTime() - t0) / 1e9);
        out.flush();
        return failed == 0 && mismatches == 0 && second.started() == 0
            ? ExitCodes.OK
            : ExitCodes.RUNTIME_FAILURE;
      }
    } finally {
      deleteTree(pgDir);
    }
  }

  /** Prints one row per ticket; returns how many tickets differ from the ground truth. */
  private static int printTable(
      PrintWriter out,
      TdxSandbox sandbox,
      Map<Integer, List<Integer>> before,
      List<TicketOutcome> outcomes) {
    out.printf(
        "%-8s %-9s %-22s %-22s %-6s %-8s %s%n",
        "ticket", "outcome", "assets added", "expected (truth)", "phase", "summary", "title");
    int mismatches = 0;
    for (TicketOutcome o : outcomes) {
      TicketState state = sandbox.state(o.ticketId());
      TicketTruth truth = sandbox.truth(o.ticketId());
      List<Integer> attached = new ArrayList<>(state.assetIds());
      attached.removeAll(before.getOrDefault(o.ticketId(), List.of()));
      attached.sort(null);
      List<Integer> expected = new ArrayList<>(truth.expectedAssetIds());
      expected.sort(null);
      long summaries =
          state.feed().stream()
              .filter(f -> f.body() != null && f.body().contains("Automated Actions Summary"))
              .count();
      boolean ok = attached.equals(expected) && summaries <= 1;
      if (!ok) {
        mismatches++;
      }
      out.printf(
          "%-8d %-9s %-22s %-22s %-6s %-8s %s%n",
          o.ticketId(),
          o.statusText(),
          ids(attached),
          ids(expected) + (ok ? "" : " ≠"),
          phase(o),
          summaries == 1 ? "posted" : summaries == 0 ? "none" : summaries + "x!",
          shorten(o.title()));
    }
    return mismatches;
  }

  private static String phase(TicketOutcome o) {
    for (ActionResult r : o.actions()) {
      if ("add_asset".equals(r.type())) {
        Object p = r.details().get("phase");
        return p == null ? "-" : p.toString();
      }
    }
    return "-";
  }

  private static String ids(List<Integer> ids) {
    return ids.isEmpty() ? "-" : ids.toString();
  }

  private static String shorten(String s) {
    if (s == null) {
      return "";
    }
    return s.length() > 40 ? s.substring(0, 39) + "…" : s;
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  private static int freePort() throws IOException {
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void deleteTree(Path dir) {
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temporary directory; the OS cleans up what is left
    }
  }
}
