package org.tqd.worker;

import java.time.Duration;
import java.util.Map;

/**
 * Tuning of the worker. Immutable.
 *
 * @param tdxActivitiesPerSecond activities per second on the TDX task queue, enforced by the
 *     Temporal server across all workers ({@code maxTaskQueueActivitiesPerSecond}); default 4.0,
 *     which keeps each TDX method under its 60-calls-per-minute limit at about one ticket per
 *     second
 * @param tdxConcurrency TDX activities one worker runs at once; default 8
 * @param ticketConcurrency ledger activities and workflow tasks one worker runs at once; default 16
 * @param metricsPort port of the {@code /metrics} and {@code /health} endpoints; 0 picks a free
 *     port, -1 disables them; default 9464
 * @param shutdownGrace how long in-flight activities get to finish on shutdown; default 30 s
 */
public record WorkerSettings(
    double tdxActivitiesPerSecond,
    int tdxConcurrency,
    int ticketConcurrency,
    int metricsPort,
    Duration shutdownGrace) {

  public static final double DEFAULT_TDX_RATE = 4.0;
  public static final int DEFAULT_METRICS_PORT = 9464;
  public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(30);

  public WorkerSettings {
    if (!(tdxActivitiesPerSecond > 0)) {
      throw new IllegalArgumentException(
          "TQD_TDX_RATE_LIMIT must be a positive number of activities per second, got "
              + tdxActivitiesPerSecond);
    }
    if (tdxConcurrency < 1 || ticketConcurrency < 1) {
      throw new IllegalArgumentException("worker concurrency must be at least 1");
    }
    if (shutdownGrace.isNegative()) {
      throw new IllegalArgumentException("TQD_SHUTDOWN_GRACE must not be negative");
    }
  }

  /** The defaults. */
  public static WorkerSettings defaults() {
    return new WorkerSettings(
        DEFAULT_TDX_RATE, 8, 16, DEFAULT_METRICS_PORT, DEFAULT_SHUTDOWN_GRACE);
  }

  /**
   * Reads {@code TQD_TDX_RATE_LIMIT} (activities/s), {@code TQD_TDX_CONCURRENCY}, {@code
   * TQD_TICKET_CONCURRENCY}, {@code TQD_METRICS_PORT} and {@code TQD_SHUTDOWN_GRACE} (seconds);
   * unset values keep their defaults. A malformed value is an {@link IllegalArgumentException}
   * naming the variable.
   */
  public static WorkerSettings fromEnvironment(Map<String, String> env) {
    WorkerSettings d = defaults();
    return new WorkerSettings(
        number(env, "TQD_TDX_RATE_LIMIT", d.tdxActivitiesPerSecond()),
        (int) number(env, "TQD_TDX_CONCURRENCY", d.tdxConcurrency()),
        (int) number(env, "TQD_TICKET_CONCURRENCY", d.ticketConcurrency()),
        (int) number(env, "TQD_METRICS_PORT", d.metricsPort()),
        Duration.ofSeconds(
            (long) number(env, "TQD_SHUTDOWN_GRACE", d.shutdownGrace().toSeconds())));
  }

  /** These settings with another metrics port. */
  public WorkerSettings withMetricsPort(int port) {
    return new WorkerSettings(
        tdxActivitiesPerSecond, tdxConcurrency, ticketConcurrency, port, shutdownGrace);
  }

  private static double number(Map<String, String> env, String name, double fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a number, got '" + value + "'");
    }
  }
}
