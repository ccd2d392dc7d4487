package org.tqd.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.tqd.starter.PollResult;
import org.tqd.starter.TicketOutcome;

/**
 * One poll of a fresh report and the wait for every workflow it started, timed: the poll's start,
 * each ticket's completion (in this process's clock), and the sandbox's call counts over it all.
 *
 * @param poll what the poll did
 * @param outcomes how each started workflow ended
 * @param completedAtSeconds seconds from the poll's start to each outcome, ascending
 * @param elapsedSeconds poll start to the last outcome
 * @param calls TDX calls per method template over the poll and the runs (refused calls included)
 */
record FirstPoll(
    PollResult poll,
    List<TicketOutcome> outcomes,
    List<Double> completedAtSeconds,
    double elapsedSeconds,
    Map<String, Long> calls) {

  /** Resets the sandbox's counters, polls once and waits up to {@code timeout}. */
  static FirstPoll run(Harness h, Duration timeout, boolean progress) {
    return run(h.sandbox, h.poller, timeout, progress);
  }

  /** As {@link #run(Harness, Duration, boolean)}, for any sandbox and poller. */
  static FirstPoll run(
      org.tqd.sandbox.TdxSandbox sandbox,
      org.tqd.starter.ReportPoller poller,
      Duration timeout,
      boolean progress) {
    sandbox.resetCalls();
    List<Double> done = Collections.synchronizedList(new ArrayList<>());
    long t0 = System.nanoTime();
    PollResult poll = poller.pollOnce();
    if (poll.error() != null) {
      throw new IllegalStateException("the poll failed: " + poll.line());
    }
    int total = poll.startedRuns().size();
    int step = Math.max(1, total / 10);
    List<TicketOutcome> outcomes =
        poller.awaitOutcomes(
            poll,
            timeout,
            o -> {
              double at = (System.nanoTime() - t0) / 1e9;
              done.add(at);
              if (progress && (done.size() % step == 0 || done.size() == total)) {
                System.err.printf("  %d/%d tickets done at %.1f s%n", done.size(), total, at);
              }
            });
    double elapsed = (System.nanoTime() - t0) / 1e9;
    List<Double> times = new ArrayList<>(done);
    Collections.sort(times);
    return new FirstPoll(poll, outcomes, times, elapsed, sandbox.calls());
  }

  long failed() {
    return outcomes.stream().filter(o -> o.status() != TicketOutcome.Status.SUCCEEDED).count();
  }

  /**
   * Tickets per second between the completions at fractions {@code from} and {@code to} of the run
   * (e.g. 0.1 and 0.9), which leaves out the start (first rate-limit windows are full) and the tail
   * (the last tickets wait for one window more).
   */
  double steadyRate(double from, double to) {
    int n = completedAtSeconds.size();
    int a = (int) Math.floor(from * (n - 1));
    int b = (int) Math.ceil(to * (n - 1));
    if (b <= a) {
      return Double.NaN;
    }
    return (b - a) / (completedAtSeconds.get(b) - completedAtSeconds.get(a));
  }
}
