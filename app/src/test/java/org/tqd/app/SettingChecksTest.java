package org.tqd.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Values that make no sense are refused before anything starts, with exit status 2 and a message
 * naming the option or variable. Every case points TDX, the database and Temporal at closed ports:
 * had a command started anything before checking, it would fail there instead (exit 1).
 */
class SettingChecksTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @AfterEach
  void restore() {
    Settings.override(null);
  }

  private static Map<String, String> env(String... extra) {
    Map<String, String> env = new HashMap<>();
    env.put("TDX_BASE_URL", "http://127.0.0.1:1/TDWebApi/api");
    env.put("TDX_APP_ID", "48");
    env.put("TDX_BEID", "b");
    env.put("TDX_WEB_SERVICES_KEY", "k");
    env.put("DAEMON_REPORT_ID", "1344");
    env.put("DATABASE_URL", "postgresql://tqd@127.0.0.1:1/ledger");
    env.put("TEMPORAL_ADDRESS", "127.0.0.1:1");
    for (int i = 0; i < extra.length; i += 2) {
      if (extra[i + 1] == null) {
        env.remove(extra[i]);
      } else {
        env.put(extra[i], extra[i + 1]);
      }
    }
    return env;
  }

  private void assertRefused(Map<String, String> env, String message, String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    Settings.override(Settings.of(env));
    long start = System.nanoTime();
    int status = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    long millis = (System.nanoTime() - start) / 1_000_000;

    String what = String.join(" ", args) + " " + env;
    assertThat(status).as(what + "\n" + err).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).as(what).contains(message).doesNotContain("\tat ", "Exception");
    assertThat(millis).as("refused at once: " + what).isLessThan(5_000);
  }

  @Test
  void waitTimeoutMustBePositive() {
    assertRefused(
        env(),
        "--wait-timeout must be a positive number of seconds, got -1",
        "run",
        "--wait",
        "--wait-timeout",
        "-1");
    assertRefused(
        env(),
        "--wait-timeout must be a positive number of seconds, got 0",
        "retry",
        "5",
        "--wait-timeout",
        "0");
  }

  @Test
  void ticketColumnMustNotBeEmpty() {
    assertRefused(env(), "--ticket-column must not be empty", "run", "--ticket-column", "");
    assertRefused(env(), "--ticket-column must not be empty", "run", "--ticket-column", "  ");
  }

  @Test
  void maxRunsBeforeParkMustBeAtLeastOne() {
    assertRefused(
        env(),
        "--max-runs-before-park must be at least 1, got 0",
        "worker",
        "--max-runs-before-park",
        "0");
    assertRefused(
        env(),
        "--max-runs-before-park must be at least 1, got -2",
        "worker",
        "--max-runs-before-park",
        "-2");
  }

  @Test
  void metricsPortMustBeAPort() {
    assertRefused(
        env("TQD_STARTER_METRICS_PORT", "99999"),
        "TQD_STARTER_METRICS_PORT must be a port from 1 to 65535",
        "run");
    assertRefused(
        env("TQD_METRICS_PORT", "99999"),
        "TQD_METRICS_PORT must be a port from 1 to 65535",
        "worker");
    assertRefused(
        env("TQD_STARTER_METRICS_PORT", "-7"),
        "TQD_STARTER_METRICS_PORT must be a port from 1 to 65535",
        "run",
        "--daemon");
    assertRefused(
        env(), "--metrics-port must be a port from 1 to 65535", "run", "--metrics-port", "70000");
  }

  @Test
  void temporalTlsMustBeTrueOrFalse() {
    for (String command : new String[] {"run", "worker"}) {
      assertRefused(
          env("TEMPORAL_TLS", "maybe"), "TEMPORAL_TLS must be true or false, got 'maybe'", command);
    }
    assertRefused(
        env("TEMPORAL_TLS", "maybe"),
        "TEMPORAL_TLS must be true or false, got 'maybe'",
        "cancel",
        "5");
    assertRefused(
        env("TEMPORAL_TLS", "maybe", "TEMPORAL_ADDRESS", null),
        "TEMPORAL_TLS must be true or false, got 'maybe'",
        "run");
    assertRefused(
        env("TEMPORAL_TLS", "true", "TEMPORAL_ADDRESS", null),
        "TEMPORAL_TLS is set but TEMPORAL_ADDRESS is not",
        "worker");
  }

  @Test
  void ticketIdsMustBePositive() {
    assertRefused(
        env(),
        "TICKET_ID must be a TDX ticket ID (a positive whole number), got -1",
        "cancel",
        "-1");
    assertRefused(env(), "TICKET_ID must be a TDX ticket ID", "retry", "0");
    assertRefused(env(), "TICKET_ID must be a TDX ticket ID", "ledger", "ticket", "-5");
    assertRefused(
        env(), "--ticket must be a TDX ticket ID", "ledger", "clear-failed", "--ticket", "0");
  }

  @Test
  void otherNumbersThatMakeNoSenseAreRefused() {
    assertRefused(
        env(), "--report-id must be at least 1, got -3", "retry", "5", "--report-id", "-3");
    assertRefused(
        env("DAEMON_REPORT_ID", "-3"), "DAEMON_REPORT_ID must be a report ID", "retry", "5");
    assertRefused(env(), "--tickets must be at least 1, got 0", "demo", "--tickets", "0");
    assertRefused(env(), "--limit-scale must be a positive number", "demo", "--limit-scale", "0");
    assertRefused(env(), "--limit-scale must be a positive number", "demo", "--limit-scale", "NaN");
    assertRefused(
        env("DATABASE_URL", null, "TQD_EMBEDDED_PG_PORT", "70000"),
        "TQD_EMBEDDED_PG_PORT must be a port from 1 to 65535, got 70000",
        "ledger",
        "stats");
    assertRefused(
        env("TQD_TDX_CONCURRENCY", "0"), "TQD_TDX_CONCURRENCY must be at least 1", "worker");
  }
}
