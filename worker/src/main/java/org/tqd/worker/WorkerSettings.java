package org.tqd.worker;

import java.time.Duration;
import java.util.Map;

/**
 * Tuning of the worker. Immutable.
 *
 * @param tdxActivitiesPerSecond an optional ceiling on activities per second on the TDX task queue
 *     ({@code TQD_TDX_RATE_LIMIT}), enforced by the Temporal server across all workers ({@code
 *     maxTaskQueueActivitiesPerSecond}) and by each worker itself (Temporal's Java test server
 *     ignores the queue rate). Default is 0, which means no ceiling: TDX's own answers govern the
 *     rate (the TDX client paces every method from the {@code X-RateLimit-*} headers, and a 429
 *     becomes a retry at the reset time), so tqd is never slower than TDX allows. Set it only to
 *     share one budget between workers or with other TDX clients of the same account
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

  /** No ceiling on the TDX task queue: TDX's own answers govern the rate. */
  public static final double NO_TDX_RATE_LIMIT = 0.0;

  public static final int DEFAULT_METRICS_PORT = 9464;
  public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(30);
  public static final Duration DEFAULT_STICKY_TIMEOUT = Duration.ofSeconds(5);

  public WorkerSettings {
    if (!(tdxActivitiesPerSecond >= 0)) {
      throw new IllegalArgumentException(
          "TQD_TDX_RATE_LIMIT must be a positive number of activities per second, got "
              + tdxActivitiesPerSecond);
    }
    if (!Double.isFinite(tdxActivitiesPerSecond)) {
      throw new IllegalArgumentException(
          "TQD_TDX_RATE_LIMIT must be a finite number of activities per second, got "
              + tdxActivitiesPerSecond);
    }
    if (tdxConcurrency < 1) {
      throw new IllegalArgumentException(
          "TQD_TDX_CONCURRENCY must be at least 1, got " + tdxConcurrency);
    }
    if (ticketConcurrency < 1) {
      throw new IllegalArgumentException(
          "TQD_TICKET_CONCURRENCY must be at least 1, got " + ticketConcurrency);
    }
    if (metricsPort < -1 || metricsPort > 65535) {
      throw new IllegalArgumentException(
          "TQD_METRICS_PORT must be a port from 1 to 65535, 0 for any free port or -1 for none,"
              + " got "
              + metricsPort);
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
        NO_TDX_RATE_LIMIT, 8, 16, DEFAULT_METRICS_PORT, DEFAULT_SHUTDOWN_GRACE);
  }

  /** Whether {@code TQD_TDX_RATE_LIMIT} set a ceiling on the TDX task queue. */
  public boolean hasTdxRateLimit() {
    return tdxActivitiesPerSecond > 0;
  }

  /**
   * Reads {@code TQD_TDX_RATE_LIMIT} (activities/s; unset: no ceiling; if set, positive), {@code
   * TQD_TDX_CONCURRENCY}, {@code TQD_TICKET_CONCURRENCY}, {@code TQD_METRICS_PORT}, {@code
   * TQD_SHUTDOWN_GRACE} and {@code TQD_STICKY_TIMEOUT} (seconds), and the test-only {@code
   * TQD_RETRY_SCALE}; unset values keep their defaults. A malformed value is an {@link
   * IllegalArgumentException} naming the variable.
   */
  public static WorkerSettings fromEnvironment(Map<String, String> env) {
    WorkerSettings d = defaults();
    return new WorkerSettings(
        rateLimit(env),
        integer(env, "TQD_TDX_CONCURRENCY", d.tdxConcurrency()),
        integer(env, "TQD_TICKET_CONCURRENCY", d.ticketConcurrency()),
        integer(env, "TQD_METRICS_PORT", d.metricsPort()),
        Duration.ofSeconds(integer(env, "TQD_SHUTDOWN_GRACE", (int) d.shutdownGrace().toSeconds())),
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

  private static double rateLimit(Map<String, String> env) {
    double rate = number(env, "TQD_TDX_RATE_LIMIT", NO_TDX_RATE_LIMIT);
    if (env.get("TQD_TDX_RATE_LIMIT") != null
        && !env.get("TQD_TDX_RATE_LIMIT").isBlank()
        && !(rate > 0)) {
      throw new IllegalArgumentException(
          "TQD_TDX_RATE_LIMIT must be a positive number of activities per second, got "
              + env.get("TQD_TDX_RATE_LIMIT").trim()
              + " (leave it unset for no ceiling)");
    }
    return rate;
  }

  private static double number(Map<String, String> env, String name, double fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      double d = Double.parseDouble(value.trim());
      if (Double.isFinite(d)) {
        return d;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(name + " must be a number, got '" + value.trim() + "'");
  }

  private static int integer(Map<String, String> env, String name, int fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          name + " must be a whole number, got '" + value.trim() + "'");
    }
  }
}
