package org.tqd.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.pattern.DynamicConverter;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * Logging for operators: one line per event with the ticket and workflow in brackets when known, to
 * stderr, and with {@code --log FILE} also to a size-rotated file (the Python daemon's log file
 * never rotated). Below DEBUG an exception is summarised on its event's line ({@link
 * OneLineThrowableConverter}); stack traces are printed only at DEBUG.
 */
public final class Logging {

  /** Timestamp, level, the ticket in brackets when an action is running, logger, message. */
  static final String PATTERN =
      "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level %replace([%X{TicketId}] ){'\\[\\] ', ''}"
          + "%logger{20} - %msg";

  /** The conversion word of {@link OneLineThrowableConverter}. */
  static final String ONE_LINE_EXCEPTION = "oneLineEx";

  /** The levels {@code --log-level} accepts, as its message lists them. */
  static final String LEVELS = "DEBUG, INFO, WARNING (or WARN), ERROR";

  /**
   * Temporal's logger of a warning with the exception for every failed activity attempt; tqd's
   * worker logs its own line per failed attempt instead, so below DEBUG this one is silent.
   */
  static final String TEMPORAL_ACTIVITY_FAILURES = "io.temporal.internal.activity";

  private static volatile boolean debug;

  private Logging() {}

  /**
   * Configures the root logger. {@code level} is DEBUG, INFO, WARNING/WARN or ERROR; libraries
   * (Temporal, gRPC, Jetty, Hikari, Flyway) stay at WARN unless the level is DEBUG.
   */
  public static void configure(String level, Path logFile) {
    // Everything that can be refused is checked before the logging system is reset, so that a
    // refusal is printed under the previous configuration, without a stack trace.
    debug = false;
    Level root = parse(level);
    if (logFile != null) {
      createParent(logFile);
    }
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    ctx.reset();
    debug = root.toInt() <= Level.DEBUG_INT;
    registerOneLineExceptions(ctx);
    String pattern = PATTERN + (debug ? "%n" : "%" + ONE_LINE_EXCEPTION + "%n");

    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(ctx);
    encoder.setPattern(pattern);
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
      rootLogger.addAppender(fileAppender(ctx, logFile, pattern));
    }
    Level libraries = debug ? Level.INFO : Level.WARN;
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
    if (!debug) {
      ctx.getLogger(TEMPORAL_ACTIVITY_FAILURES).setLevel(Level.ERROR);
    }
    // An exception nobody caught is logged like any other: one line unless at DEBUG.
    Thread.setDefaultUncaughtExceptionHandler(
        (thread, e) ->
            LoggerFactory.getLogger(Logging.class)
                .error("uncaught exception in thread {}", thread.getName(), e));
  }

  /** Makes {@code %oneLineEx} known to patterns of this context. */
  @SuppressWarnings("unchecked")
  static void registerOneLineExceptions(LoggerContext ctx) {
    Object existing = ctx.getObject(CoreConstants.PATTERN_RULE_REGISTRY_FOR_SUPPLIERS);
    Map<String, Supplier<DynamicConverter<?>>> rules =
        existing instanceof Map<?, ?> m
            ? (Map<String, Supplier<DynamicConverter<?>>>) m
            : new HashMap<>();
    rules.put(ONE_LINE_EXCEPTION, OneLineThrowableConverter::new);
    ctx.putObject(CoreConstants.PATTERN_RULE_REGISTRY_FOR_SUPPLIERS, rules);
  }

  /**
   * True when a command configured logging at DEBUG (stack traces are then printed); false before
   * that and after a refused level.
   */
  public static boolean debug() {
    return debug;
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
          throw UserError.config("--log-level must be one of " + LEVELS + "; got '" + level + "'");
    };
  }

  private static void createParent(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (java.io.IOException e) {
      throw UserError.config(
          "cannot create the directory of --log " + file + ": " + e.getMessage());
    }
  }

  private static RollingFileAppender<ILoggingEvent> fileAppender(
      LoggerContext ctx, Path file, String pattern) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(ctx);
    encoder.setPattern(pattern);
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
