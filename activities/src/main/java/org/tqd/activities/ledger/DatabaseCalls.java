package org.tqd.activities.ledger;

import java.util.function.Supplier;
import org.jdbi.v3.core.JdbiException;

/**
 * Turns every database failure into {@link LedgerUnavailableException}, or {@link
 * LedgerRejectedException} when the database refused the statement for its content.
 */
final class DatabaseCalls {

  private DatabaseCalls() {}

  static <T> T guard(String operation, Supplier<T> call) {
    try {
      return call.get();
    } catch (JdbiException e) {
      throw LedgerRejectedException.classify(operation, e);
    }
  }
}
