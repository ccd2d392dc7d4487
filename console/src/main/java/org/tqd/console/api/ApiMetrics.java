package org.tqd.console.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.tqd.console.auth.Caller;

/**
 * The operator API's metrics: {@code tqd_api_requests_total} by endpoint, role and HTTP status, and
 * {@code tqd_manual_actions_total} by action type, role and outcome ({@code completed}, {@code
 * failed}).
 */
final class ApiMetrics {

  private final MeterRegistry registry;

  ApiMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void request(String endpoint, Caller caller, int status) {
    Counter.builder("tqd_api_requests")
        .description("Operator API requests by endpoint, role and HTTP status")
        .tag("endpoint", endpoint)
        .tag("role", role(caller))
        .tag("status", Integer.toString(status))
        .register(registry)
        .increment();
  }

  void refused(String endpoint, int status) {
    Counter.builder("tqd_api_requests")
        .description("Operator API requests by endpoint, role and HTTP status")
        .tag("endpoint", endpoint)
        .tag("role", "none")
        .tag("status", Integer.toString(status))
        .register(registry)
        .increment();
  }

  void action(String type, Caller caller, String outcome) {
    Counter.builder("tqd_manual_actions")
        .description("Manual actions (console API) by type, role and outcome")
        .tag("type", type)
        .tag("role", role(caller))
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }

  private static String role(Caller caller) {
    return caller == null || caller.role() == null ? "none" : caller.role().wireName();
  }
}
