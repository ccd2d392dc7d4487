package org.tqd.activities.ledger;

import java.util.function.Supplier;
import org.jdbi.v3.core.JdbiException;

/** Turns every database failure into {@link LedgerUnavailableException}. */
final class DatabaseCalls {

  private DatabaseCalls() {}

  static <T> T guard(String operation, Supplier<T> call) {
    try {
      return call.get();
    } catch (JdbiException e) {
      throw LedgerUnavailableException.during(operation, e);
    }
  }
}
