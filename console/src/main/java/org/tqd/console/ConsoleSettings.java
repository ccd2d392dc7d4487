package org.tqd.console;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Where the console listens and whom it answers.
 *
 * @param host {@code TQD_CONSOLE_HOST}: the address to bind. Default {@code 127.0.0.1} (this host
 *     only): put a TLS-terminating proxy in front, or set {@code 0.0.0.0}, to serve others
 * @param port {@code TQD_CONSOLE_PORT} or {@code --port}: default {@value #DEFAULT_PORT}; 0 picks a
 *     free port
 * @param corsOrigins {@code TQD_CODEC_CORS_ORIGINS}: origins (e.g. {@code
 *     https://temporal.example.edu}), comma-separated, whose pages may call the codec endpoint from
 *     a browser (the Temporal Web UI's origin). Default none
 * @param namespace {@code TEMPORAL_NAMESPACE}: the namespace whose payloads tqd encrypts. Default
 *     {@code default}
 */
public record ConsoleSettings(String host, int port, List<String> corsOrigins, String namespace) {

  /** Default port of the console. */
  public static final int DEFAULT_PORT = 9470;

  public ConsoleSettings {
    corsOrigins = List.copyOf(corsOrigins);
  }

  /**
   * The settings in the environment.
   *
   * @throws IllegalArgumentException naming the setting when a value is malformed
   */
  public static ConsoleSettings fromEnvironment(Map<String, String> env) {
    String host = blankToNull(env.get("TQD_CONSOLE_HOST"));
    String portText = blankToNull(env.get("TQD_CONSOLE_PORT"));
    int port = DEFAULT_PORT;
    if (portText != null) {
      try {
        port = Integer.parseInt(portText);
      } catch (NumberFormatException e) {
        port = -1;
      }
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException(
            "TQD_CONSOLE_PORT must be a port from 0 to 65535, got '" + portText + "'");
      }
    }
    List<String> origins = origins(env.get("TQD_CODEC_CORS_ORIGINS"));
    String ns = blankToNull(env.get("TEMPORAL_NAMESPACE"));
    return new ConsoleSettings(
        host == null ? "127.0.0.1" : host, port, origins, ns == null ? "default" : ns);
  }

  /** These settings on another port. */
  public ConsoleSettings withPort(int p) {
    return new ConsoleSettings(host, p, corsOrigins, namespace);
  }

  private static List<String> origins(String value) {
    String v = blankToNull(value);
    if (v == null) {
      return List.of();
    }
    List<String> out =
        Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    for (String o : out) {
      if (o.equals("*")) {
        throw new IllegalArgumentException(
            "TQD_CODEC_CORS_ORIGINS cannot be '*': the codec endpoint answers with personal data,"
                + " so name the Web UI's origin (e.g. https://temporal.example.edu)");
      }
      if (!o.matches("https?://[^/\\s]+")) {
        throw new IllegalArgumentException(
            "TQD_CODEC_CORS_ORIGINS holds '"
                + o
                + "'; an origin is scheme://host[:port] without a path");
      }
    }
    return out;
  }

  private static String blankToNull(String v) {
    return v == null || v.isBlank() ? null : v.trim();
  }
}
