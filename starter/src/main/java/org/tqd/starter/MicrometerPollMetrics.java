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

  /** Registers the meters of an unnamed pipeline, tagged {@code report=<reportId>}. */
  public MicrometerPollMetrics(MeterRegistry registry, int reportId) {
    this(registry, reportId, null);
  }

  /**
   * Registers the meters, tagged {@code report=<reportId>} and, for a pipeline of a {@code
   * pipelines:} file, {@code pipeline=<name>} (so each pipeline of one starter has its own series).
   */
  public MicrometerPollMetrics(MeterRegistry registry, int reportId, String pipelineName) {
    String report = Integer.toString(reportId);
    io.micrometer.core.instrument.Tags tags =
        pipelineName == null
            ? io.micrometer.core.instrument.Tags.of("report", report)
            : io.micrometer.core.instrument.Tags.of("report", report, "pipeline", pipelineName);
    for (State state : State.values()) {
      AtomicInteger value = new AtomicInteger();
      last.put(state, value);
      Gauge.builder("tqd.poll.tickets", value, AtomicInteger::get)
          .description("Tickets of the last poll, by what the poll did about them")
          .tag("state", state.name().toLowerCase(java.util.Locale.ROOT))
          .tags(tags)
          .register(registry);
    }
    for (ErrorKind kind : ErrorKind.values()) {
      pollErrors.put(
          kind, errorCounter(registry, kind.name().toLowerCase(java.util.Locale.ROOT), tags));
    }
    startErrors = errorCounter(registry, "start", tags);
    polls =
        Counter.builder("tqd.polls")
            .description("Polls of the report")
            .tags(tags)
            .register(registry);
    duration =
        Timer.builder("tqd.poll.duration")
            .description("Time from the report call to the last start call of a poll")
            .tags(tags)
            .register(registry);
  }

  private static Counter errorCounter(
      MeterRegistry registry, String kind, io.micrometer.core.instrument.Tags tags) {
    return Counter.builder("tqd.poll.errors")
        .description("Failed polls by what failed, and failed start calls (kind=start)")
        .tag("kind", kind)
        .tags(tags)
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
