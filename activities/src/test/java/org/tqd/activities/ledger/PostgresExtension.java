package org.tqd.activities.ledger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PostgreSQL for tests: one embedded server (zonky, PostgreSQL 16) per test JVM, started on
 * first use and stopped when the JVM exits, and a fresh empty database per call of {@link
 * #newDatabaseUrl()} so that test classes never see each other's rows.
 *
 * <pre>{@code
 * @RegisterExtension static final PostgresExtension PG = new PostgresExtension();
 * ...
 * Database db = PG.connect(); // fresh database, migrated, closed after the class
 * }</pre>
 *
 * <p>Self-contained on purpose (only zonky and JUnit), so that other modules can copy it.
 */
public final class PostgresExtension implements BeforeAllCallback, AfterAllCallback {

  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static EmbeddedPostgres server;

  private final List<AutoCloseable> opened = new ArrayList<>();

  private static synchronized EmbeddedPostgres server() {
    if (server == null) {
      try {
        // The data is thrown away: trade durability for speed.
        server =
            EmbeddedPostgres.builder()
                .setServerConfig("fsync", "off")
                .setServerConfig("full_page_writes", "off")
                .start();
      } catch (IOException e) {
        throw new UncheckedIOException("Could not start the embedded PostgreSQL for tests", e);
      }
    }
    return server;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    server();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    for (AutoCloseable c : opened) {
      c.close();
    }
    opened.clear();
  }

  /** The shared server's port. */
  public int port() {
    return server().getPort();
  }

  /** Creates a new empty database and returns its JDBC URL (user {@code postgres}, no password). */
  public String newJdbcUrl() {
    String name = "test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
    try (Connection c = server().getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("Could not create test database " + name, e);
    }
    return server().getJdbcUrl("postgres", name);
  }

  /** As {@link #newJdbcUrl()}, parsed. */
  public DatabaseUrl newDatabaseUrl() {
    return DatabaseUrl.parse(newJdbcUrl());
  }

  /** A pool to a new empty database, not migrated, closed after the test class. */
  public Database connectEmpty() {
    Database db = Database.connect(newDatabaseUrl());
    opened.add(db);
    return db;
  }

  /** A pool to a new database with the ledger migrations applied, closed after the test class. */
  public Database connect() {
    Database db = connectEmpty();
    db.migrate();
    return db;
  }
}
