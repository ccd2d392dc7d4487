package org.tqd.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.tqd.sandbox.RateLimits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Throughput of one poll of a fresh report as a fraction of the bound TDX's rate limits set, and
 * the TDX calls per ticket per method.
 *
 * <p>The bound: for each method, (documented calls per 60 s) / (calls per ticket observed); the
 * smallest is the most tickets per minute TDX allows. The sandbox may run the limits with a shorter
 * window (the same calls per window), which compresses time by 60 / window; the TDX task-queue rate
 * is scaled by the same factor, and every rate is printed converted back to TDX's minute.
 */
@Command(
    name = "pipeline",
    mixinStandardHelpOptions = true,
    description = "Throughput against the rate-limit bound, and TDX calls per ticket.")
final class PipelineBench implements Callable<Integer> {

  @Option(names = "--tickets", defaultValue = "300", description = "Tickets in the report.")
  int tickets;

  @Option(names = "--seed", defaultValue = "1", description = "Sandbox data seed.")
  long seed;

  @Option(
      names = "--window",
      defaultValue = "6",
      description =
          "Rate-limit window in seconds (TDX: 60); the documented calls per window are kept."
              + " 0 turns the limits off.")
  int window;

  @Option(
      names = "--rate",
      defaultValue = "4",
      description =
          "TQD_TDX_RATE_LIMIT in activities per second of TDX's clock; multiplied by 60/window"
              + " here.")
  double rate;

  @Option(names = "--tdx-concurrency", defaultValue = "8", description = "TQD_TDX_CONCURRENCY.")
  int tdxConcurrency;

  @Option(
      names = "--queue-rate",
      defaultValue = "worker",
      description =
          "How the TDX queue's rate is enforced: 'worker' (the worker's own limit, as the server"
              + " would for one worker) or 'server' (as tqd wires it; the test server ignores it).")
  String queueRate;

  @Option(
      names = "--pipeline",
      defaultValue = "standard",
      description = "standard or asset-summary.")
  String pipeline;

  @Option(
      names = "--repolls",
      defaultValue = "0",
      description = "Polls of the processed report afterwards, each timed.")
  int repolls;

  @Override
  public Integer call() throws Exception {
    Pipelines which = Pipelines.of(pipeline);
    if (!queueRate.equals("worker") && !queueRate.equals("server")) {
      throw new IllegalArgumentException("--queue-rate must be worker or server");
    }
    boolean limited = window > 0;
    double compression = limited ? 60.0 / window : 1.0;
    RateLimits limits =
        limited ? new RateLimits(true, 1.0, Duration.ofSeconds(window)) : RateLimits.off();
    double benchRate = rate * compression;

    System.out.println("machine: " + Machine.describe());
    System.out.println("load average before: " + Machine.loadAverage());
    System.out.printf(
        Locale.ROOT,
        "scenario: %s pipeline, %d fresh tickets (seed %d); TDX limits %s%n",
        which.label(),
        tickets,
        seed,
        limited
            ? String.format(
                Locale.ROOT,
                "as documented per %d s window instead of 60 s (time compressed x%.1f)",
                window,
                compression)
            : "off");
    System.out.printf(
        Locale.ROOT,
        "TQD_TDX_RATE_LIMIT %.1f/s here = %.2f/s on TDX's clock, %s; TQD_TDX_CONCURRENCY %d%n",
        benchRate,
        rate,
        queueRate.equals("worker")
            ? "enforced by the worker (as the server would for one worker)"
            : "as wired (task-queue rate; the test server does not enforce it)",
        tdxConcurrency);

    long t0 = System.nanoTime();
    try (Harness h =
        Harness.start(
            new Harness.Options(
                tickets,
                seed,
                limits,
                benchRate,
                tdxConcurrency,
                queueRate.equals("worker"),
                which.definition()))) {
      var sync = h.services.assetIndex().refresh();
      System.out.printf(
          Locale.ROOT,
          "set-up: %.1f s (sandbox, PostgreSQL, Temporal, worker; asset index synced: %d assets)%n",
          (System.nanoTime() - t0) / 1e9,
          sync.assets());
      long limited429Before = h.rateLimited();

      FirstPoll run = FirstPoll.run(h, Duration.ofMinutes(30), true);
      int n = run.outcomes().size();
      System.out.printf(
          Locale.ROOT,
          "poll 1: %s%n  start calls took %.2f s; %d tickets done (%d failed) in %.1f s%n",
          run.poll().line(),
          run.poll().duration().toMillis() / 1000.0,
          n,
          run.failed(),
          run.elapsedSeconds());
      Map<String, Long> r429 = h.rateLimitedByMethod();
      printCalls(run, n, r429, compression, limited);
      long total429 = h.rateLimited() - limited429Before;

      double perMinute = n / run.elapsedSeconds() * 60 / compression;
      double steady = run.steadyRate(0.1, 0.9) * 60 / compression;
      if (limited) {
        Bound bound = Bound.of(run.calls(), r429, n);
        double adjusted = bound.perMinute() * window / (window + 1.5);
        System.out.printf(
            Locale.ROOT,
            "bound: %.1f tickets/min (%s, %.2f calls per ticket, %d per 60 s)%n",
            bound.perMinute(),
            bound.method(),
            bound.callsPerTicket(),
            DocumentedLimits.per60s(bound.method()));
        System.out.printf(
            Locale.ROOT,
            "  with this window's overhead (client waits 1 s past each reset, windows end on whole"
                + " seconds: x%.2f): %.1f tickets/min%n",
            window / (window + 1.5),
            adjusted);
        System.out.printf(
            Locale.ROOT,
            "achieved: %.1f tickets/min overall = %.0f%% of the bound; steady (10%%-90%% of"
                + " tickets) %.1f tickets/min = %.0f%% of the bound, %.0f%% of the window-adjusted"
                + " bound%n",
            perMinute,
            100 * perMinute / bound.perMinute(),
            steady,
            100 * steady / bound.perMinute(),
            100 * steady / adjusted);
        // Fixed windows: the first window's calls go at once, each later window one window
        // length after the previous one, so the run cannot end before (windows - 1) x window.
        long accepted = Math.round(bound.callsPerTicket() * n);
        long windows =
            (accepted + DocumentedLimits.per60s(bound.method()) - 1)
                / DocumentedLimits.per60s(bound.method());
        double shortest = (windows - 1) * (double) window;
        System.out.printf(
            Locale.ROOT,
            "fixed windows: %d calls of %s need %d windows, so the run takes at least %.0f s here;"
                + " it took %.1f s = %.0f%% of the best possible (one window every %.1f s)%n",
            accepted,
            bound.method(),
            windows,
            shortest,
            run.elapsedSeconds(),
            100 * shortest / run.elapsedSeconds(),
            windows > 1 ? run.elapsedSeconds() / (windows - 1) : Double.NaN);
      } else {
        System.out.printf(
            Locale.ROOT,
            "achieved: %.1f tickets/min overall (%.1f tickets/s), steady %.1f tickets/min%n",
            perMinute,
            perMinute / 60,
            steady);
      }
      System.out.printf(Locale.ROOT, "429 answers: %d %s%n", total429, r429.isEmpty() ? "" : r429);
      System.out.println(
          "TDX calls per ticket (all methods, incl. the report and logins): "
              + String.format(
                  Locale.ROOT,
                  "%.2f",
                  run.calls().values().stream().mapToLong(Long::longValue).sum() / (double) n));

      for (int i = 0; i < repolls; i++) {
        Repoll.measure(h, i + 2).print();
      }
    }
    System.out.println("load average after: " + Machine.loadAverage());
    return 0;
  }

  private static void printCalls(
      FirstPoll run, int n, Map<String, Long> r429, double compression, boolean limited) {
    double realMinutes = run.elapsedSeconds() * compression / 60;
    System.out.printf(
        Locale.ROOT,
        "%-34s %7s %6s %10s %9s %14s %10s%n",
        "method",
        "calls",
        "429s",
        "per ticket",
        "limit/60s",
        "tickets/min",
        "limit used");
    List<String> methods = new ArrayList<>(run.calls().keySet());
    methods.sort((a, b) -> Double.compare(perTicket(run, r429, b, n), perTicket(run, r429, a, n)));
    for (String m : methods) {
      long refused = r429.getOrDefault(m, 0L);
      long accepted = run.calls().get(m) - refused;
      int limit = DocumentedLimits.per60s(m);
      double pt = accepted / (double) n;
      System.out.printf(
          Locale.ROOT,
          "%-34s %7d %6d %10.2f %9d %14s %10s%n",
          m,
          run.calls().get(m),
          refused,
          pt,
          limit,
          String.format(Locale.ROOT, "%.1f", limit / pt),
          limited
              ? String.format(Locale.ROOT, "%.0f%%", 100 * accepted / realMinutes / limit)
              : "-");
    }
  }

  private static double perTicket(FirstPoll run, Map<String, Long> r429, String m, int n) {
    return (run.calls().get(m) - r429.getOrDefault(m, 0L)) / (double) n;
  }

  /** The method that allows the fewest tickets per minute. */
  record Bound(String method, double callsPerTicket, double perMinute) {
    static Bound of(Map<String, Long> calls, Map<String, Long> r429, int n) {
      Bound best = null;
      for (var e : calls.entrySet()) {
        double pt = (e.getValue() - r429.getOrDefault(e.getKey(), 0L)) / (double) n;
        double perMinute = DocumentedLimits.per60s(e.getKey()) / pt;
        if (best == null || perMinute < best.perMinute()) {
          best = new Bound(e.getKey(), pt, perMinute);
        }
      }
      return best;
    }
  }
}
