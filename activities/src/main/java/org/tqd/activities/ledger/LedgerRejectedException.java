package org.tqd.activities.ledger;

import java.sql.SQLException;
import org.jdbi.v3.core.JdbiException;

/**
 * The ledger database answered, and refused the statement for its content (SQL state classes 21
 * cardinality, 22 data exception, 23 integrity constraint, 42 syntax or access rule): retrying the
 * same call gives the same answer, so unlike {@link LedgerUnavailableException} it is not an outage
 * to wait out. The action fails and is parked in time like any other failure. Nothing was written
 * to TDX because of the refused call. The message names the operation and the database's reason,
 * never a password.
 */
public class LedgerRejectedException extends RuntimeException {

  public LedgerRejectedException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * The exception for a failed ledger operation: {@link LedgerRejectedException} when the database
   * refused the statement for its content, else {@link LedgerUnavailableException}.
   */
  public static RuntimeException classify(String operation, JdbiException cause) {
    String state = sqlState(cause);
    if (state != null
        && (state.startsWith("21")
            || state.startsWith("22")
            || state.startsWith("23")
            || state.startsWith("42"))) {
      return new LedgerRejectedException(
          "The action ledger refused "
              + operation
              + " (SQL state "
              + state
              + ": "
              + MetadataSanitizer.redactText(LedgerUnavailableException.rootMessage(cause))
              + "); nothing was written to TDX because of this call, and retrying it cannot"
              + " succeed",
          cause);
    }
    return LedgerUnavailableException.during(operation, cause);
  }

  private static String sqlState(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof SQLException sql && sql.getSQLState() != null) {
        return sql.getSQLState();
      }
    }
    return null;
  }
}
