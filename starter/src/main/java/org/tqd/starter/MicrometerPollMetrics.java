package org.tqd.starter;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.tqd.starter.PollResult.ErrorKind;

/**
 * Poll metrics in a Micrometer registry. In Prometheus naming:
 *
 * <ul>
 *   <li>{@code tqd_poll_tickets{state="found|started|done|in_flight|restarted|start_failed"}}: a
 *       gauge with the last poll's numbers ({@code done} = already done);
 *   <li>{@code tqd_poll_errors_total{kind="report|configuration|ledger|start"}}: polls that failed,
 *       by what failed, and ({@code start}) start calls that failed;
 *   <li>{@code tqd_polls_total}: polls made;
 *   <li>{@code tqd_poll_duration_seconds}: how long polls take.
 * </ul>
 */
public final class MicrometerPollMetrics implements PollListener {

  /** The states of {@code tqd_poll_tickets}. */
  public enum State {
    FOUND,
    STARTED,
    DONE,
    IN_FLIGHT,
    RESTARTED,
    START_FAILED
  }

  private final Map<State, AtomicInteger> last = new EnumMap<>(State.class);
  private final Map<ErrorKind, Counter> pollErrors = new EnumMap<>(ErrorKind.class);
  private final Counter startErrors;
  private final Counter polls;
  private final Timer duration;

  /** Registers the meters, tagged {@code report=<reportId>}. */
  public MicrometerPollMetrics(MeterRegistry registry, int reportId) {
    String report = Integer.toString(reportId);
    for (State state : State.values()) {
      AtomicInteger value = new AtomicInteger();
      last.put(state, value);
      Gauge.builder("tqd.poll.tickets", value, AtomicInteger::get)
          .description("Tickets of the last poll, by what the poll did about them")
          .tag("state", state.name().toLowerCase(java.util.Locale.ROOT))
          .tag("report", report)
          .register(registry);
    }
    for (ErrorKind kind : ErrorKind.values()) {
      pollErrors.put(
          kind, errorCounter(registry, kind.name().toLowerCase(java.util.Locale.ROOT), report));
    }
    startErrors = errorCounter(registry, "start", report);
    polls =
        Counter.builder("tqd.polls")
            .description("Polls of the report")
            .tag("report", report)
            .register(registry);
    duration =
        Timer.builder("tqd.poll.duration")
            .description("Time from the report call to the last start call of a poll")
            .tag("report", report)
            .register(registry);
  }

  private static Counter errorCounter(MeterRegistry registry, String kind, String report) {
    return Counter.builder("tqd.poll.errors")
        .description("Failed polls by what failed, and failed start calls (kind=start)")
        .tag("kind", kind)
        .tag("report", report)
        .register(registry);
  }

  @Override
  public void pollFinished(PollResult result) {
    polls.increment();
    duration.record(result.duration());
    if (result.error() != null) {
      pollErrors.get(result.error().kind()).increment();
    }
    startErrors.increment(result.startErrors());
    last.get(State.FOUND).set(result.found());
    last.get(State.STARTED).set(result.started());
    last.get(State.DONE).set(result.alreadyDone());
    last.get(State.IN_FLIGHT).set(result.inFlight());
    last.get(State.RESTARTED).set(result.restarted());
    last.get(State.START_FAILED).set(result.startErrors());
  }
}
