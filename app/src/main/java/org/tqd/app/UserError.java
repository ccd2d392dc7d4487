package org.tqd.app;

/**
 * A problem the operator can fix: bad configuration or usage (exit 2) or an unreachable dependency
 * (exit 1). Its message names the problem and the fix; it is printed without a stack trace unless
 * the log level is DEBUG.
 */
public class UserError extends RuntimeException {

  private final int exitCode;

  public UserError(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public UserError(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  /** A configuration or usage problem: exit status 2. */
  public static UserError config(String message) {
    return new UserError(ExitCodes.USAGE, message);
  }

  /** A run-time problem (unreachable service, failed poll): exit status 1. */
  public static UserError runtime(String message, Throwable cause) {
    return new UserError(ExitCodes.RUNTIME_FAILURE, message, cause);
  }

  public int exitCode() {
    return exitCode;
  }
}
