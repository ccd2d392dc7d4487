package org.tqd.activities.ledger;

/**
 * The ledger database could not be read or written.
 *
 * <p>Thrown instead of any answer that could be mistaken for "not executed yet": a caller that gets
 * it must not write to TDX on the strength of the call, and should let the activity retry. The
 * message names the operation and the database's own reason, never a password.
 */
public class LedgerUnavailableException extends RuntimeException {

  public LedgerUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The message for a failed ledger operation, such as {@code "claiming ticket 1 action a:…"}. */
  public static LedgerUnavailableException during(String operation, Throwable cause) {
    return new LedgerUnavailableException(
        "The action ledger could not be reached while "
            + operation
            + " ("
            + rootMessage(cause)
            + "); nothing was written to TDX because of this call, and it is safe to retry once"
            + " the database answers",
        cause);
  }

  /**
   * The most telling reason in a cause chain: the innermost SQL exception (the driver's own words,
   * such as "Connection to 127.0.0.1:5432 refused"), else the innermost exception.
   */
  public static String rootMessage(Throwable t) {
    Throwable root = t;
    Throwable sql = null;
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      root = c;
      if (c instanceof java.sql.SQLException) {
        sql = c;
      }
    }
    Throwable shown = sql != null ? sql : root;
    String message = shown.getMessage();
    return message == null || message.isBlank()
        ? shown.getClass().getSimpleName()
        : message.strip();
  }
}
