package org.tqd.bench;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.tqd.activities.ledger.ActionLedger;
import org.tqd.activities.ledger.ActionStatus;
import org.tqd.sandbox.RateLimits;
import org.tqd.workflows.action.ActionSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The cost of polling a report whose tickets are all processed: time and TDX calls of each poll
 * (expected: the report call, one ledger query, no workflow started).
 *
 * <p>The tickets are processed first, either by running the pipeline over them ({@code --fill run},
 * rate limits off) or by writing every action as completed into the ledger ({@code --fill ledger},
 * what the Python daemon's ledger holds for tickets it processed, without their effects in TDX).
 * Either way the poll sees the same ledger rows.
 */
@Command(
    name = "repoll",
    mixinStandardHelpOptions = true,
    description = "Time and TDX calls of polling an already processed report.")
final class RepollBench implements Callable<Integer> {

  @Option(names = "--tickets", defaultValue = "300", description = "Tickets in the report.")
  int tickets;

  @Option(names = "--seed", defaultValue = "1", description = "Sandbox data seed.")
  long seed;

  @Option(
      names = "--fill",
      defaultValue = "run",
      description = "How the tickets get processed: run (the pipeline) or ledger (rows written).")
  String fill;

  @Option(names = "--polls", defaultValue = "5", description = "Polls to time afterwards.")
  int polls;

  @Override
  public Integer call() throws Exception {
    if (!fill.equals("run") && !fill.equals("ledger")) {
      throw new IllegalArgumentException("--fill must be run or ledger");
    }
    System.out.println("machine: " + Machine.describe());
    System.out.println("load average before: " + Machine.loadAverage());
    System.out.printf(
        Locale.ROOT,
        "scenario: standard pipeline, %d tickets (seed %d), processed by %s, then %d polls%n",
        tickets,
        seed,
        fill.equals("run") ? "running the pipeline (limits off)" : "writing the ledger",
        polls);
    long t0 = System.nanoTime();
    try (Harness h =
        Harness.start(
            new Harness.Options(
                tickets,
                seed,
                RateLimits.off(),
                1000,
                16,
                false,
                Pipelines.STANDARD.definition()))) {
      h.services.assetIndex().refresh();
      System.out.printf(Locale.ROOT, "set-up: %.1f s%n", (System.nanoTime() - t0) / 1e9);
      if (fill.equals("run")) {
        FirstPoll first = FirstPoll.run(h, Duration.ofMinutes(30), true);
        System.out.printf(
            Locale.ROOT,
            "poll 1: %s; %d tickets done (%d failed) in %.1f s%n",
            first.poll().line(),
            first.outcomes().size(),
            first.failed(),
            first.elapsedSeconds());
      } else {
        long t1 = System.nanoTime();
        fillLedger(h.services.ledger(), h.sandbox.reportTickets(), h.pipeline.pipeline().actions());
        System.out.printf(
            Locale.ROOT,
            "ledger: %d tickets x %d actions written as completed in %.1f s%n",
            h.sandbox.reportTickets().size(),
            h.pipeline.pipeline().actions().size(),
            (System.nanoTime() - t1) / 1e9);
      }
      System.out.println("ledger rows by status: " + h.services.ledger().stats().byStatus());
      for (int i = 0; i < polls; i++) {
        Repoll.measure(h, i + 2).print();
      }
    }
    System.out.println("load average after: " + Machine.loadAverage());
    return 0;
  }

  private static void fillLedger(ActionLedger ledger, List<Integer> ids, List<ActionSpec> specs) {
    for (int id : ids) {
      for (ActionSpec s : specs) {
        ledger.claim(id, s.actionId(), s.type(), s.actionHash(), null);
        ledger.complete(id, s.actionId(), ActionStatus.COMPLETED, null, null);
      }
    }
  }
}
