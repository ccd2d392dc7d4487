package org.tqd.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Stack traces only at DEBUG: below it, an exception is summarised on its event's line. */
class LoggingTest {

  /** The logger of Temporal's warning, with the exception, for every failed activity attempt. */
  private static final String TEMPORAL_ATTEMPT_LOGGER =
      "io.temporal.internal.activity.ActivityTaskExecutors$ActivityTaskExecutor";

  @TempDir Path dir;

  @AfterEach
  void restoreTestLogging() throws Exception {
    Settings.override(null);
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    ctx.reset();
    new ContextInitializer(ctx).autoConfig();
  }

  @Test
  void belowDebugAnExceptionIsOneLineAndTemporalsPerAttemptWarningIsSilent() throws IOException {
    Path file = dir.resolve("tqd.log");
    Logging.configure("INFO", file);

    LoggerFactory.getLogger("org.tqd.activities.Something")
        .warn("Ticket 7 action a: attempt 3 failed", failure());
    LoggerFactory.getLogger(TEMPORAL_ATTEMPT_LOGGER)
        .warn("Activity failure. ActivityId=1, activityType=AddAsset, attempt=3", failure());

    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0))
        .contains("Ticket 7 action a: attempt 3 failed")
        .endsWith(
            " [IllegalStateException: the ledger is unavailable; retried;"
                + " caused by LoggingTest$PSQLException: Connection refused]");
    assertThat(Logging.debug()).isFalse();
  }

  @Test
  void atDebugTheTraceIsPrinted() throws IOException {
    Path file = dir.resolve("tqd.log");
    Logging.configure("DEBUG", file);

    LoggerFactory.getLogger(TEMPORAL_ATTEMPT_LOGGER)
        .warn("Activity failure. ActivityId=1, activityType=AddAsset, attempt=3", failure());

    String text = Files.readString(file);
    assertThat(text).contains("Activity failure").contains("\tat ").contains("Caused by: ");
    assertThat(Logging.debug()).isTrue();
  }

  @Test
  void warningAndWarnAreTheSameLevel() throws IOException {
    Path file = dir.resolve("tqd.log");
    Logging.configure("warning", file);
    Logger log = LoggerFactory.getLogger("org.tqd.x");
    log.info("not shown");
    log.warn("shown");
    assertThat(Files.readAllLines(file)).hasSize(1).allMatch(l -> l.endsWith("shown"));
  }

  @Test
  void traceAndOtherUnknownLevelsAreRefusedWithExitTwoAndNoTrace() {
    for (String level : List.of("TRACE", "trace", "LOUD", "")) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      Settings.override(Settings.of(Map.of()));
      int status =
          Main.execute(
              new String[] {"pipeline", "show", "--log-level", level},
              new PrintWriter(out, true),
              new PrintWriter(err, true));

      assertThat(status).as(level).isEqualTo(ExitCodes.USAGE);
      assertThat(err.toString())
          .as(level)
          .contains(
              "--log-level must be one of DEBUG, INFO, WARNING (or WARN), ERROR; got '" + level)
          .doesNotContain("\tat ", "Exception", "--log-level DEBUG for details");
      assertThat(out.toString()).isEmpty();
    }
  }

  @Test
  void theShippedDefaultConfigurationLoadsAndSummarisesExceptions() throws Exception {
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    ctx.reset();
    ch.qos.logback.classic.joran.JoranConfigurator configurator =
        new ch.qos.logback.classic.joran.JoranConfigurator();
    configurator.setContext(ctx);
    configurator.doConfigure(LoggingTest.class.getResource("/logback.xml"));

    assertThat(
            ctx.getStatusManager().getCopyOfStatusList().stream()
                .filter(s -> s.getLevel() >= ch.qos.logback.core.status.Status.WARN)
                .map(Object::toString)
                .toList())
        .isEmpty();
    assertThat(ctx.getLogger(TEMPORAL_ATTEMPT_LOGGER).getEffectiveLevel())
        .isEqualTo(ch.qos.logback.classic.Level.ERROR);
  }

  private static RuntimeException failure() {
    Exception cause = new PSQLException("Connection refused");
    return new IllegalStateException("the ledger is unavailable;\n  retried", cause);
  }

  /** Stands in for the driver's exception, by simple name. */
  private static final class PSQLException extends Exception {
    private static final long serialVersionUID = 1L;

    PSQLException(String message) {
      super(message);
    }
  }
}
