package org.tqd.starter;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.tqd.activities.ledger.Database;
import org.tqd.activities.ledger.DatabaseUrl;

/**
 * One embedded PostgreSQL per test JVM (initdb is the slow part), started on first use and stopped
 * when the JVM exits, with a fresh migrated ledger database per {@link #newLedger()} call.
 */
final class TestPostgres {

  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static EmbeddedPostgres server;

  private TestPostgres() {}

  private static synchronized EmbeddedPostgres server() {
    if (server == null) {
      try {
        // the data is thrown away: trade durability for speed
        server =
            EmbeddedPostgres.builder()
                .setServerConfig("fsync", "off")
                .setServerConfig("full_page_writes", "off")
                .start();
      } catch (IOException e) {
        throw new UncheckedIOException("could not start the embedded PostgreSQL for tests", e);
      }
      EmbeddedPostgres started = server;
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      started.close();
                    } catch (IOException e) {
                      // the JVM is exiting; the data directory is temporary anyway
                    }
                  }));
    }
    return server;
  }

  /** A pool to a new, empty, migrated ledger database; the caller closes it. */
  static Database newLedger() {
    String name = "starter_" + DATABASES.incrementAndGet();
    try (Connection c = server().getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("could not create test database " + name, e);
    }
    Database database = Database.connect(DatabaseUrl.parse(server().getJdbcUrl("postgres", name)));
    database.migrate();
    return database;
  }
}
