package org.tqd.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.tqd.sandbox.Phase;
import org.tqd.sandbox.RateLimits;
import org.tqd.starter.TicketOutcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * TDX calls of each ticket's first run, one ticket at a time, grouped by the phase in which {@code
 * add_asset} finds its computers (the sandbox's ground truth). For each ticket the report holds
 * only that ticket; the report call and the asset-index sync are per poll, not per ticket, and are
 * left out of the per-ticket numbers.
 */
@Command(
    name = "calls",
    mixinStandardHelpOptions = true,
    description = "TDX calls per ticket, per method and per add_asset phase, first run.")
final class CallsBench implements Callable<Integer> {

  /**
   * Calls a poll or process makes whatever its tickets: the report, the asset index's sync, logins.
   */
  private static final List<String> PER_POLL =
      List.of("GET reports/{id}", "POST assets/search", "POST auth/loginadmin");

  @Option(names = "--tickets", defaultValue = "60", description = "Tickets, run one by one.")
  int tickets;

  @Option(names = "--seed", defaultValue = "1", description = "Sandbox data seed.")
  long seed;

  @Option(
      names = "--pipeline",
      defaultValue = "standard",
      description = "standard or asset-summary.")
  String pipeline;

  @Override
  public Integer call() throws Exception {
    Pipelines which = Pipelines.of(pipeline);
    System.out.println("machine: " + Machine.describe());
    System.out.printf(
        Locale.ROOT,
        "scenario: %s pipeline, %d fresh tickets (seed %d) run one at a time, limits off%n",
        which.label(),
        tickets,
        seed);
    try (Harness h =
        Harness.start(
            new Harness.Options(
                tickets, seed, RateLimits.off(), 1000, 8, false, which.definition()))) {
      h.services.assetIndex().refresh();
      List<Integer> ids = List.copyOf(h.sandbox.reportTickets());
      Map<String, Long> byMethod = new TreeMap<>();
      Map<Phase, List<Long>> byPhase = new EnumMap<>(Phase.class);
      List<String> failures = new ArrayList<>();
      for (int id : ids) {
        h.services.assetIndex().refreshIfStale();
        h.sandbox.reportTickets(List.of(id));
        FirstPoll run = FirstPoll.run(h, Duration.ofMinutes(2), false);
        run.outcomes().stream()
            .filter(o -> o.status() != TicketOutcome.Status.SUCCEEDED)
            .forEach(o -> failures.add(o.line()));
        if (run.outcomes().size() != 1) {
          throw new IllegalStateException("ticket " + id + ": the poll started no workflow");
        }
        long total = 0;
        for (var e : run.calls().entrySet()) {
          if (!PER_POLL.contains(e.getKey())) {
            byMethod.merge(e.getKey(), e.getValue(), Long::sum);
            total += e.getValue();
          }
        }
        byPhase.computeIfAbsent(h.sandbox.truth(id).phase(), p -> new ArrayList<>()).add(total);
      }
      int n = ids.size();
      System.out.printf(Locale.ROOT, "tickets: %d (%d failed)%n", n, failures.size());
      System.out.printf(Locale.ROOT, "%-34s %10s%n", "method", "per ticket");
      long all = 0;
      for (var e : byMethod.entrySet()) {
        all += e.getValue();
        System.out.printf(Locale.ROOT, "%-34s %10.2f%n", e.getKey(), e.getValue() / (double) n);
      }
      System.out.printf(Locale.ROOT, "%-34s %10.2f%n", "all methods", all / (double) n);
      System.out.printf(
          Locale.ROOT,
          "%-28s %7s %6s %6s %6s%n",
          "add_asset phase",
          "tickets",
          "mean",
          "min",
          "max");
      for (var e : byPhase.entrySet()) {
        List<Long> v = e.getValue();
        System.out.printf(
            Locale.ROOT,
            "%-28s %7d %6.1f %6d %6d%n",
            e.getKey().label(),
            v.size(),
            v.stream().mapToLong(Long::longValue).average().orElse(0),
            v.stream().mapToLong(Long::longValue).min().orElse(0),
            v.stream().mapToLong(Long::longValue).max().orElse(0));
      }
      failures.forEach(f -> System.out.println("  " + f));
      return failures.isEmpty() ? 0 : 1;
    }
  }
}
