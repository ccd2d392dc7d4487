package org.tqd.console.auth;

import java.time.Duration;
import java.util.Map;

/**
 * The operator page's sessions and where the console is reached.
 *
 * @param consoleUrl {@code TQD_CONSOLE_URL}: the console's address as browsers reach it (e.g.
 *     {@code https://tqd.example.edu}, no path); the sign-in redirect URI is this plus {@code
 *     /auth/callback}. Default: taken from each request's scheme and {@code Host} header, which is
 *     right when browsers reach the console directly
 * @param secureCookies {@code TQD_CONSOLE_COOKIE_SECURE}: mark cookies {@code Secure}. Default
 *     true. Browsers accept Secure cookies from {@code http://localhost} too; set {@code false}
 *     only to serve the page over plain http on another host name (a test network), never in
 *     production
 * @param maxAge {@code TQD_CONSOLE_SESSION_MINUTES}: a session ends this long after sign-in.
 *     Default 480 (8 hours)
 * @param idle {@code TQD_CONSOLE_SESSION_IDLE_MINUTES}: a session ends after this long without a
 *     request. Default 60
 */
public record SessionSettings(
    String consoleUrl, boolean secureCookies, Duration maxAge, Duration idle) {

  /** Defaults: URL from the request, Secure cookies, 8 hours, 60 minutes idle. */
  public static final SessionSettings DEFAULTS =
      new SessionSettings(null, true, Duration.ofHours(8), Duration.ofMinutes(60));

  /**
   * The settings in the environment.
   *
   * @throws IllegalArgumentException naming the setting when a value is malformed
   */
  public static SessionSettings fromEnvironment(Map<String, String> env) {
    String url = blank(env.get("TQD_CONSOLE_URL"));
    if (url != null) {
      while (url.endsWith("/")) {
        url = url.substring(0, url.length() - 1);
      }
      if (!url.matches("https?://[^/\\s?#]+")) {
        throw new IllegalArgumentException(
            "TQD_CONSOLE_URL must be scheme://host[:port] without a path (e.g."
                + " https://tqd.example.edu), got '"
                + env.get("TQD_CONSOLE_URL")
                + "'");
      }
    }
    String secure = blank(env.get("TQD_CONSOLE_COOKIE_SECURE"));
    boolean secureCookies = true;
    if (secure != null) {
      if (secure.equalsIgnoreCase("false")) {
        secureCookies = false;
      } else if (!secure.equalsIgnoreCase("true")) {
        throw new IllegalArgumentException(
            "TQD_CONSOLE_COOKIE_SECURE must be true or false, got '" + secure + "'");
      }
    }
    return new SessionSettings(
        url,
        secureCookies,
        minutes(env, "TQD_CONSOLE_SESSION_MINUTES", DEFAULTS.maxAge()),
        minutes(env, "TQD_CONSOLE_SESSION_IDLE_MINUTES", DEFAULTS.idle()));
  }

  private static Duration minutes(Map<String, String> env, String name, Duration dflt) {
    String v = blank(env.get(name));
    if (v == null) {
      return dflt;
    }
    try {
      long m = Long.parseLong(v);
      if (m >= 1 && m <= 7 * 24 * 60) {
        return Duration.ofMinutes(m);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        name + " must be a whole number of minutes from 1 to 10080, got '" + v + "'");
  }

  private static String blank(String v) {
    return v == null || v.isBlank() ? null : v.trim();
  }
}
