package org.tqd.worker;

import java.time.Duration;
import java.util.Map;

/**
 * Tuning of the worker. Immutable.
 *
 * @param tdxActivitiesPerSecond activities per second on the TDX task queue, enforced by the
 *     Temporal server across all workers ({@code maxTaskQueueActivitiesPerSecond}) and by each
 *     worker itself (Temporal's Java test server ignores the queue rate); default 4.0. The TDX
 *     client's per-method pacing keeps every method under TDX's limits; this rate is a ceiling on
 *     top of it, and 4.0 never binds before TDX's limits do for the standard pipeline (measured in
 *     bench/README.md)
 * @param tdxConcurrency TDX activities one worker runs at once; default 8
 * @param ticketConcurrency ledger activities and workflow tasks one worker runs at once; default 16
 * @param metricsPort port of the {@code /metrics} and {@code /health} endpoints; 0 picks a free
 *     port, -1 disables them; default 9464
 * @param shutdownGrace how long in-flight activities get to finish on shutdown; default 30 s
 * @param stickyTimeout how long a workflow task waits for the worker that has the workflow cached
 *     before any worker may take it (Temporal's sticky execution); default 5 s, Temporal's own.
 *     Zero turns sticky execution off: every workflow task goes to the shared task queue, and a
 *     worker replays the workflow's history for each. Needed only with Temporal's Java test server
 *     in a process of its own, which never moves a dead worker's sticky tasks back to the shared
 *     queue (a real Temporal server does after the timeout)
 * @param retryScale a test-only factor in (0, 1] on the retry intervals of the workflow's
 *     activities ({@link RetryScale}); default 1, the product's intervals
 */
public record WorkerSettings(
    double tdxActivitiesPerSecond,
    int tdxConcurrency,
    int ticketConcurrency,
    int metricsPort,
    Duration shutdownGrace,
    Duration stickyTimeout,
    double retryScale) {

  public static final double DEFAULT_TDX_RATE = 4.0;
  public static final int DEFAULT_METRICS_PORT = 9464;
  public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(30);
  public static final Duration DEFAULT_STICKY_TIMEOUT = Duration.ofSeconds(5);

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
    if (stickyTimeout.isNegative()) {
      throw new IllegalArgumentException("TQD_STICKY_TIMEOUT must not be negative");
    }
    RetryScale.requireValid(retryScale);
  }

  /** Settings with the product's retry intervals. */
  public WorkerSettings(
      double tdxActivitiesPerSecond,
      int tdxConcurrency,
      int ticketConcurrency,
      int metricsPort,
      Duration shutdownGrace,
      Duration stickyTimeout) {
    this(
        tdxActivitiesPerSecond,
        tdxConcurrency,
        ticketConcurrency,
        metricsPort,
        shutdownGrace,
        stickyTimeout,
        1.0);
  }

  /** Settings with the default sticky timeout. */
  public WorkerSettings(
      double tdxActivitiesPerSecond,
      int tdxConcurrency,
      int ticketConcurrency,
      int metricsPort,
      Duration shutdownGrace) {
    this(
        tdxActivitiesPerSecond,
        tdxConcurrency,
        ticketConcurrency,
        metricsPort,
        shutdownGrace,
        DEFAULT_STICKY_TIMEOUT);
  }

  /** The defaults. */
  public static WorkerSettings defaults() {
    return new WorkerSettings(
        DEFAULT_TDX_RATE, 8, 16, DEFAULT_METRICS_PORT, DEFAULT_SHUTDOWN_GRACE);
  }

  /**
   * Reads {@code TQD_TDX_RATE_LIMIT} (activities/s), {@code TQD_TDX_CONCURRENCY}, {@code
   * TQD_TICKET_CONCURRENCY}, {@code TQD_METRICS_PORT}, {@code TQD_SHUTDOWN_GRACE} and {@code
   * TQD_STICKY_TIMEOUT} (seconds), and the test-only {@code TQD_RETRY_SCALE}; unset values keep
   * their defaults. A malformed value is an {@link IllegalArgumentException} naming the variable.
   */
  public static WorkerSettings fromEnvironment(Map<String, String> env) {
    WorkerSettings d = defaults();
    return new WorkerSettings(
        number(env, "TQD_TDX_RATE_LIMIT", d.tdxActivitiesPerSecond()),
        (int) number(env, "TQD_TDX_CONCURRENCY", d.tdxConcurrency()),
        (int) number(env, "TQD_TICKET_CONCURRENCY", d.ticketConcurrency()),
        (int) number(env, "TQD_METRICS_PORT", d.metricsPort()),
        Duration.ofSeconds((long) number(env, "TQD_SHUTDOWN_GRACE", d.shutdownGrace().toSeconds())),
        Duration.ofMillis(
            Math.round(
                1000 * number(env, "TQD_STICKY_TIMEOUT", d.stickyTimeout().toMillis() / 1000.0))),
        number(env, "TQD_RETRY_SCALE", d.retryScale()));
  }

  /** These settings with another metrics port. */
  public WorkerSettings withMetricsPort(int port) {
    return new WorkerSettings(
        tdxActivitiesPerSecond,
        tdxConcurrency,
        ticketConcurrency,
        port,
        shutdownGrace,
        stickyTimeout,
        retryScale);
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
