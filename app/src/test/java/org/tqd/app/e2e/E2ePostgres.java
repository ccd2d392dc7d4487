package org.tqd.app.e2e;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One embedded PostgreSQL server for an end-to-end test class, thrown away after it (durability
 * traded for speed), with a fresh database per test so tests stay independent.
 */
final class E2ePostgres implements AutoCloseable {

  private static final AtomicInteger DATABASES = new AtomicInteger();

  private final EmbeddedPostgres postgres;

  private E2ePostgres(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  static E2ePostgres start() throws IOException {
    return new E2ePostgres(
        EmbeddedPostgres.builder()
            .setServerConfig("fsync", "off")
            .setServerConfig("full_page_writes", "off")
            .setServerConfig("synchronous_commit", "off")
            .start());
  }

  /** A new empty database on the server, as a JDBC URL. */
  String newDatabase() throws SQLException {
    String name = "e2e_" + DATABASES.incrementAndGet();
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    return postgres.getJdbcUrl("postgres", name);
  }

  /** A connection to the server's {@code postgres} database. */
  Connection connect() throws SQLException {
    return postgres.getPostgresDatabase().getConnection();
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
