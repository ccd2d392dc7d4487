package org.tqd.app.commands;

import java.nio.file.Path;
import org.tqd.app.Logging;
import picocli.CommandLine.Option;

/** {@code --log [FILE]} and {@code --log-level LEVEL}, shared by every command. */
public final class LoggingOptions {

  @Option(
      names = "--log",
      arity = "0..1",
      fallbackValue = "tqd.log",
      paramLabel = "FILE",
      description =
          "Also log to FILE (default tqd.log when given without a value), rotated by size.")
  Path logFile;

  @Option(
      names = "--log-level",
      paramLabel = "LEVEL",
      defaultValue = "INFO",
      description = "DEBUG, INFO, WARNING or ERROR (default ${DEFAULT-VALUE}).")
  String logLevel;

  /** Applies the options to the logging system. */
  public void apply() {
    Logging.configure(logLevel, logFile);
  }
}
