package org.tqd.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * Logging for operators: one line per event with the ticket and workflow in brackets when known, to
 * stderr, and with {@code --log FILE} also to a size-rotated file (the Python daemon's log file
 * never rotated).
 */
public final class Logging {

  /** Timestamp, level, the ticket in brackets when an action is running, logger, message. */
  static final String PATTERN =
      "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level %replace([%X{TicketId}] ){'\\[\\] ', ''}"
          + "%logger{20} - %msg%n";

  private Logging() {}

  /**
   * Configures the root logger. {@code level} is DEBUG, INFO, WARNING/WARN or ERROR; libraries
   * (Temporal, gRPC, Jetty, Hikari, Flyway) stay at WARN unless the level is DEBUG.
   */
  public static void configure(String level, Path logFile) {
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    ctx.reset();
    Level root = parse(level);

    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(ctx);
    encoder.setPattern(PATTERN);
    encoder.start();
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(ctx);
    console.setTarget("System.err");
    console.setEncoder(encoder);
    console.start();

    ch.qos.logback.classic.Logger rootLogger = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    rootLogger.setLevel(root);
    rootLogger.addAppender(console);

    if (logFile != null) {
      rootLogger.addAppender(fileAppender(ctx, logFile));
    }
    Level libraries = root == Level.DEBUG ? Level.INFO : Level.WARN;
    for (String lib :
        new String[] {
          "io.temporal",
          "io.grpc",
          "org.eclipse.jetty",
          "io.javalin",
          "com.zaxxer",
          "org.flywaydb",
          "io.zonky",
          "org.jdbi",
          "io.netty"
        }) {
      ctx.getLogger(lib).setLevel(libraries);
    }
  }

  /** True when the configured root level is DEBUG (stack traces are then printed). */
  public static boolean debug() {
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    return ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getLevel().toInt() <= Level.DEBUG_INT;
  }

  static Level parse(String level) {
    if (level == null) {
      return Level.INFO;
    }
    return switch (level.toUpperCase(java.util.Locale.ROOT)) {
      case "DEBUG" -> Level.DEBUG;
      case "INFO" -> Level.INFO;
      case "WARNING", "WARN" -> Level.WARN;
      case "ERROR" -> Level.ERROR;
      default ->
          throw UserError.config(
              "--log-level must be one of DEBUG, INFO, WARNING, ERROR; got '" + level + "'");
    };
  }

  private static RollingFileAppender<ILoggingEvent> fileAppender(LoggerContext ctx, Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (java.io.IOException e) {
      throw UserError.config(
          "cannot create the directory of --log " + file + ": " + e.getMessage());
    }
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(ctx);
    encoder.setPattern(PATTERN);
    encoder.start();
    RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
    appender.setContext(ctx);
    appender.setFile(file.toString());
    SizeAndTimeBasedRollingPolicy<ILoggingEvent> policy = new SizeAndTimeBasedRollingPolicy<>();
    policy.setContext(ctx);
    policy.setParent(appender);
    policy.setFileNamePattern(file + ".%d{yyyy-MM-dd}.%i.gz");
    policy.setMaxFileSize(FileSize.valueOf("50MB"));
    policy.setMaxHistory(14);
    policy.setTotalSizeCap(FileSize.valueOf("1GB"));
    policy.start();
    appender.setRollingPolicy(policy);
    appender.setEncoder(encoder);
    appender.start();
    return appender;
  }
}
