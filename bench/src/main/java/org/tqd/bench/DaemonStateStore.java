package org.tqd.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import org.tqd.activities.ledger.EmbeddedLedgerDatabase;

/**
 * The Python daemon's state store as {@link DaemonModel} uses it: {@code meta.daemon_action_log}
 * with its migration 008 (unique key, the five B-tree indexes and the GIN index on {@code
 * metadata}), and its two queries on the ticket path, {@code has_executed} and {@code
 * mark_completed}, with their verbatim SQL ({@code ../shared/reference/lsats-daemon.md} §4).
 *
 * <p>How the daemon talks to PostgreSQL, modelled round trip for round trip: each method checks a
 * connection out of SQLAlchemy's pool, which {@code pool_pre_ping} tests with {@code SELECT 1};
 * runs its one statement in a transaction (psycopg2 is not in autocommit); and ends it, with {@code
 * COMMIT} for a write and the pool's reset-on-return {@code ROLLBACK} for a read. So three round
 * trips per call, on one loopback connection (the pool keeps it open). The metadata written is a
 * small JSON document like the daemon's {@code {"details": …, "config": …}}.
 */
final class DaemonStateStore implements AutoCloseable {

  private final EmbeddedLedgerDatabase postgres;
  private final Path dir;
  private final Connection connection;
  private final PreparedStatement ping;
  private final PreparedStatement hasExecuted;
  private final PreparedStatement markCompleted;
  private long queries;

  private DaemonStateStore(EmbeddedLedgerDatabase postgres, Path dir) throws SQLException {
    this.postgres = postgres;
    this.dir = dir;
    this.connection = DriverManager.getConnection(postgres.jdbcUrl());
    try (Statement s = connection.createStatement()) {
      s.execute("CREATE SCHEMA IF NOT EXISTS meta");
      s.execute(
          "CREATE TABLE IF NOT EXISTS meta.daemon_action_log (log_id UUID PRIMARY KEY DEFAULT"
              + " gen_random_uuid(), ticket_id INTEGER NOT NULL, action_type VARCHAR(100) NOT"
              + " NULL, action_id VARCHAR(255) NOT NULL, action_hash VARCHAR(64), executed_at"
              + " TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP, status VARCHAR(20) NOT NULL"
              + " DEFAULT 'completed', error_message TEXT, metadata JSONB DEFAULT '{}'::jsonb,"
              + " CONSTRAINT unique_ticket_action UNIQUE (ticket_id, action_id))");
      s.execute(
          "CREATE INDEX IF NOT EXISTS idx_daemon_log_ticket ON meta.daemon_action_log"
              + " (ticket_id)");
      s.execute(
          "CREATE INDEX IF NOT EXISTS idx_daemon_log_action_type ON meta.daemon_action_log"
              + " (action_type)");
      s.execute(
          "CREATE INDEX IF NOT EXISTS idx_daemon_log_executed_at ON meta.daemon_action_log"
              + " (executed_at DESC)");
      s.execute(
          "CREATE INDEX IF NOT EXISTS idx_daemon_log_status ON meta.daemon_action_log (status)");
      s.execute(
          "CREATE INDEX IF NOT EXISTS idx_daemon_log_ticket_status ON meta.daemon_action_log"
              + " (ticket_id, status)");
      s.execute(
          "CREATE INDEX IF NOT EXISTS idx_daemon_log_metadata_gin ON meta.daemon_action_log"
              + " USING gin (metadata)");
    }
    connection.setAutoCommit(false);
    ping = connection.prepareStatement("SELECT 1");
    hasExecuted =
        connection.prepareStatement(
            "SELECT EXISTS( SELECT 1 FROM meta.daemon_action_log WHERE ticket_id = ? AND"
                + " action_id = ? AND status IN ('completed', 'skipped') ) AS executed");
    markCompleted =
        connection.prepareStatement(
            "INSERT INTO meta.daemon_action_log ( ticket_id, action_id, action_type, action_hash,"
                + " status, error_message, metadata, executed_at ) VALUES ( ?, ?, ?, ?, ?, ?,"
                + " ?::jsonb, ? ) ON CONFLICT (ticket_id, action_id) DO UPDATE SET status ="
                + " EXCLUDED.status, error_message = EXCLUDED.error_message, metadata ="
                + " EXCLUDED.metadata, executed_at = EXCLUDED.executed_at");
  }

  /** Starts an embedded PostgreSQL in a temporary directory and creates the daemon's table. */
  static DaemonStateStore start() throws IOException {
    Path dir = Files.createTempDirectory("tqd-bench-daemon-pg");
    EmbeddedLedgerDatabase pg = EmbeddedLedgerDatabase.start(dir, Harness.freePort());
    try {
      return new DaemonStateStore(pg, dir);
    } catch (SQLException e) {
      pg.close();
      throw new IllegalStateException("daemon state store: " + e.getMessage(), e);
    }
  }

  /** {@code StateTracker.has_executed}. */
  boolean hasExecuted(int ticketId, String actionId) {
    try {
      checkout();
      hasExecuted.setInt(1, ticketId);
      hasExecuted.setString(2, actionId);
      boolean executed;
      try (ResultSet rs = hasExecuted.executeQuery()) {
        rs.next();
        executed = rs.getBoolean(1);
      }
      queries++;
      connection.rollback();
      return executed;
    } catch (SQLException e) {
      throw new IllegalStateException("has_executed: " + e.getMessage(), e);
    }
  }

  /** {@code StateTracker.mark_completed}. */
  void markCompleted(int ticketId, String actionId, String type, String hash, String metadata) {
    try {
      checkout();
      markCompleted.setInt(1, ticketId);
      markCompleted.setString(2, actionId);
      markCompleted.setString(3, type);
      markCompleted.setString(4, hash);
      markCompleted.setString(5, "completed");
      markCompleted.setString(6, null);
      markCompleted.setString(7, metadata);
      markCompleted.setTimestamp(8, Timestamp.from(Instant.now()));
      markCompleted.executeUpdate();
      queries++;
      connection.commit();
    } catch (SQLException e) {
      throw new IllegalStateException("mark_completed: " + e.getMessage(), e);
    }
  }

  /** The database's URL ({@code jdbc:postgresql://…?user=…}), for a model in another process. */
  String url() {
    return postgres.jdbcUrl();
  }

  /** Forgets every recorded action (after a warm-up) and the count of calls. */
  void clear() {
    try (Statement s = connection.createStatement()) {
      s.execute("TRUNCATE meta.daemon_action_log");
      connection.commit();
      queries = 0;
    } catch (SQLException e) {
      throw new IllegalStateException("daemon state store: " + e.getMessage(), e);
    }
  }

  /** Rows in {@code meta.daemon_action_log} per action type. */
  java.util.Map<String, Long> rowsByType() {
    java.util.Map<String, Long> rows = new java.util.TreeMap<>();
    try (Statement s = connection.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT action_type, count(*) FROM meta.daemon_action_log GROUP BY action_type")) {
      while (rs.next()) {
        rows.put(rs.getString(1), rs.getLong(2));
      }
      connection.rollback();
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException("daemon state store: " + e.getMessage(), e);
    }
  }

  /** State-store calls so far. */
  long queries() {
    return queries;
  }

  private void checkout() throws SQLException {
    try (ResultSet rs = ping.executeQuery()) {
      rs.next();
    }
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      // closing anyway
    }
    postgres.close();
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory
    }
  }
}
