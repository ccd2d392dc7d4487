package org.tqd.sandbox.internal.http;

import java.util.List;
import org.tqd.sandbox.internal.limits.LimitRule;

/**
 * One API method: the HTTP method, its path template below {@code api/}, how it is limited and
 * whether it needs a token.
 *
 * @param method upper-case HTTP method
 * @param scope which application ID, if any, precedes the template in the URL
 * @param template the path below {@code api/} and the app ID, e.g. {@code tickets/{id}/feed}
 * @param limit the documented rate limit, or null when the method is not limited
 * @param kind whether the method logs in, needs a token, or neither
 * @param handler what answers it
 */
public record Route(
    String method, AppScope scope, String template, LimitRule limit, Kind kind, Handler handler) {

  /** Which application ID segment a route expects after {@code api/}. */
  public enum AppScope {
    /** No application segment ({@code api/reports/…}, {@code api/people/…}). */
    NONE,
    /** The ticketing application ({@code api/46/tickets/…}). */
    TICKETS,
    /** The Assets/CI application ({@code api/48/assets/…}). */
    ASSETS
  }

  /** Authentication needs of a route. */
  public enum Kind {
    /** A login method: no token needed, not subject to faults by default. */
    LOGIN,
    /** Needs a valid bearer token. */
    AUTHENTICATED
  }

  /** Answers one call of the route. */
  @FunctionalInterface
  public interface Handler {
    ApiResponse handle(Exchange exchange);
  }

  /**
   * The method template used for counters and rate-limit buckets, e.g. {@code GET tickets/{id}}.
   */
  public String name() {
    return method + " " + template;
  }

  /** The template split into segments. */
  public List<String> segments() {
    return List.of(template.split("/"));
  }

  /** Whether the route changes state. */
  public boolean isWrite() {
    return !method.equals("GET");
  }
}
