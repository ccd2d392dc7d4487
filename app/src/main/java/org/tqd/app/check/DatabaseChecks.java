package org.tqd.app.check;

import java.time.Duration;
import java.util.Map;
import org.tqd.activities.ledger.Database;
import org.tqd.activities.ledger.DatabaseOptions;
import org.tqd.activities.ledger.DatabaseUrl;
import org.tqd.activities.ledger.LedgerUnavailableException;

/**
 * The PostgreSQL half of {@code tqd check}: {@code DATABASE_URL} set and readable, the server
 * answering, and whether the ledger table exists yet. Read-only: it runs no migration.
 */
final class DatabaseChecks {

  private static final String NAME = "PostgreSQL ledger";

  private DatabaseChecks() {}

  static CheckResult run(Map<String, String> env) {
    String configured = env.get("DATABASE_URL");
    if (configured == null || configured.isBlank()) {
      return CheckResult.fail(
          NAME,
          "DATABASE_URL is not set: tqd would run an embedded PostgreSQL in ~/.tqd (development"
              + " only)",
          "set DATABASE_URL=postgresql://user:password@host:5432/database (a Python-daemon site"
              + " keeps its own)");
    }
    DatabaseUrl url;
    try {
      url = DatabaseUrl.parse(configured);
    } catch (IllegalArgumentException e) {
      return CheckResult.fail(NAME, e.getMessage(), "correct DATABASE_URL");
    }
    DatabaseOptions options =
        DatabaseOptions.builder().connectTimeout(Duration.ofSeconds(5)).build();
    try (Database db = Database.connect(url, options)) {
      String version =
          db.jdbi().withHandle(h -> h.createQuery("SHOW server_version").mapTo(String.class).one());
      Long rows =
          db.jdbi()
              .withHandle(
                  h -> {
                    boolean exists =
                        h.createQuery("SELECT to_regclass('meta.daemon_action_log') IS NOT NULL")
                            .mapTo(Boolean.class)
                            .one();
                    return exists
                        ? h.createQuery("SELECT count(*) FROM meta.daemon_action_log")
                            .mapTo(Long.class)
                            .one()
                        : null;
                  });
      return CheckResult.pass(
          NAME,
          "PostgreSQL "
              + version
              + " at "
              + url.redacted()
              + "; "
              + (rows == null
                  ? "no ledger table yet (the first worker or run creates meta.daemon_action_log)"
                  : "meta.daemon_action_log has " + rows + " row(s)"));
    } catch (LedgerUnavailableException e) {
      return CheckResult.fail(
          NAME,
          e.getMessage(),
          "start PostgreSQL or correct DATABASE_URL (host, port, database, user, password,"
              + " sslmode)");
    } catch (RuntimeException e) {
      return CheckResult.fail(
          NAME,
          "connected to " + url.redacted() + " but could not read it: " + e.getMessage(),
          "give the DATABASE_URL user access to the database (CONNECT, and USAGE on schema"
              + " meta if it exists)");
    }
  }
}
