package org.tqd.activities.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LedgerMigrationsTest {

  @RegisterExtension static final PostgresExtension PG = new PostgresExtension();

  static final String ADD_ASSET = "add_asset:a6ee89781f2f:v2";
  static final String FIND_ACTIVE = "find_active_tickets:e9b209460690:v1";
  static final String SUMMARY = "summary_comment:3a46b2bb91de:v1";
  static final String ADD_LAB = "add_lab:0123456789ab:v2";
  static final List<String> STANDARD_PIPELINE = List.of(ADD_ASSET, FIND_ACTIVE, SUMMARY);

  /** The number of versioned migrations shipped (V*.sql in db/migration/ledger). */
  static int migrationCount() {
    try (var files =
        java.nio.file.Files.list(
            java.nio.file.Path.of(
                LedgerMigrationsTest.class
                    .getClassLoader()
                    .getResource("db/migration/ledger")
                    .toURI()))) {
      return (int) files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
    } catch (java.io.IOException | java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void freshDatabaseGetsTheDaemonsTableViewsAndIndexesPlusOurs() {
    Database db = PG.connectEmpty();

    assertThat(db.migrate()).isEqualTo(migrationCount());

    Jdbi jdbi = db.jdbi();
    assertThat(columns(jdbi, "daemon_action_log"))
        .containsExactly(
            "log_id",
            "ticket_id",
            "action_type",
            "action_id",
            "action_hash",
            "executed_at",
            "status",
            "error_message",
            "metadata",
            "workflow_id",
            "run_id",
            "attempt",
            "report_id",
            "pipeline_id",
            "started_at",
            "completed_at",
            "summary",
            "reference");
    assertThat(daemonObjects(jdbi))
        .contains(
            "unique_ticket_action",
            "idx_daemon_log_ticket",
            "idx_daemon_log_action_type",
            "idx_daemon_log_executed_at",
            "idx_daemon_log_status",
            "idx_daemon_log_ticket_status",
            "idx_daemon_log_metadata_gin",
            "daemon_activity_summary",
            "daemon_recent_activity",
            "tqd_asset_index",
            "tqd_asset_sync_state",
            "idx_tqd_asset_index_name",
            "idx_tqd_asset_index_serial",
            "idx_tqd_asset_index_tag",
            "idx_tqd_asset_index_owner",
            "tqd_console_token",
            "tqd_report_sighting",
            "tqd_retention_state");
    assertThat(logIdDefault(jdbi)).isEqualTo("gen_random_uuid()");
    assertThat(tableComment(jdbi)).startsWith("Every action executed on a ticket");
    // A new table needs no extension to generate its IDs.
    jdbi.useHandle(
        h ->
            h.execute(
                "INSERT INTO meta.daemon_action_log (ticket_id, action_type, action_id)"
                    + " VALUES (1, 'comment', 'comment:054200481667:v1')"));
    assertThat(count(jdbi, "SELECT count(*) FROM meta.daemon_recent_activity")).isEqualTo(1);
  }

  @Test
  void migratingTwiceIsANoOp() {
    Database db = PG.connect();
    long history = count(db.jdbi(), "SELECT count(*) FROM meta.tqd_schema_history");
    List<String> objects = daemonObjects(db.jdbi());

    assertThat(db.migrate()).isZero();
    assertThat(db.migrate()).isZero();

    assertThat(count(db.jdbi(), "SELECT count(*) FROM meta.tqd_schema_history")).isEqualTo(history);
    assertThat(daemonObjects(db.jdbi())).isEqualTo(objects);
  }

  @Test
  void adoptsTheDaemonsTableKeepingRowsConstraintViewsAndDefaults() throws Exception {
    Database db = PG.connectEmpty();
    Jdbi jdbi = db.jdbi();
    boolean uuidOssp = runPythonMigration008(jdbi);
    insertPythonRows(jdbi);
    String pythonDefault = logIdDefault(jdbi);
    List<Map<String, Object>> before = pythonColumns(jdbi);

    assertThat(db.migrate()).isEqualTo(migrationCount());

    assertThat(pythonColumns(jdbi)).isEqualTo(before);
    assertThat(logIdDefault(jdbi)).isEqualTo(pythonDefault);
    assertThat(pythonDefault).isEqualTo(uuidOssp ? "uuid_generate_v4()" : "gen_random_uuid()");
    assertThat(tableComment(jdbi)).startsWith("Python daemon:");
    assertThat(columns(jdbi, "daemon_action_log"))
        .contains("workflow_id", "run_id", "attempt", "summary", "reference", "completed_at");
    assertThat(daemonObjects(jdbi))
        .contains("unique_ticket_action", "tqd_asset_index", "tqd_ticket_index");
    assertThat(
            count(
                jdbi,
                "SELECT sum(action_count) FROM meta.daemon_activity_summary"
                    + " WHERE action_type = 'add_asset'"))
        .isEqualTo(3);
    assertThat(count(jdbi, "SELECT count(*) FROM meta.daemon_recent_activity")).isEqualTo(6);
    assertThat(db.migrate()).isZero();

    // The daemon's rows count for tqd: its finished tickets need no work.
    ActionLedger ledger = new ActionLedger(jdbi);
    QueueAssessment a = ledger.assess(List.of(101, 102, 103, 104), STANDARD_PIPELINE, 3);
    assertThat(a.needWork()).containsExactly(102, 103, 104);
    assertThat(a.done()).isEqualTo(1);
    assertThat(a.failedRetryable()).isEqualTo(1);
    assertThat(a.notStarted()).isEqualTo(2);
    // A daemon row counts as one run: a failed one claimed by tqd is on its second, and is a
    // reclaim (it stored no plan, so the action plans afresh).
    Claim claim =
        ledger.claim(102, ADD_ASSET, "add_asset", null, new ClaimContext("wf", "run-1", 7, "p"));
    assertThat(claim.outcome()).isEqualTo(ClaimOutcome.RECLAIMED);
    assertThat(claim.state().attempt()).isEqualTo(2);
    assertThat(claim.state().actionHash()).isEqualTo("a6ee89781f2f" + "0".repeat(52));
  }

  @Test
  void createsTheDaemonsTableInAnExistingMetaSchemaThatLacksIt() {
    Database db = PG.connectEmpty();
    db.jdbi()
        .useHandle(
            h -> {
              h.execute("CREATE SCHEMA meta");
              h.execute("CREATE TABLE meta.ingestion_runs (id serial PRIMARY KEY)");
            });

    assertThat(db.migrate()).isEqualTo(migrationCount());

    assertThat(columns(db.jdbi(), "daemon_action_log")).contains("log_id", "attempt");
    assertThat(columns(db.jdbi(), "ingestion_runs")).containsExactly("id");
  }

  /** Runs the daemon's migration 008; returns whether uuid-ossp was available. */
  static boolean runPythonMigration008(Jdbi jdbi) throws IOException, SQLException {
    String sql;
    try (InputStream in =
        LedgerMigrationsTest.class.getResourceAsStream("/python/008_add_daemon_action_log.sql")) {
      sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    boolean uuidOssp = jdbi.withHandle(LedgerMigrationsTest::tryCreateUuidOssp);
    String script = uuidOssp ? sql : sql.replace("uuid_generate_v4()", "gen_random_uuid()");
    jdbi.useHandle(
        h -> {
          h.execute("CREATE SCHEMA meta");
          h.execute("CREATE TABLE meta.ingestion_runs (id serial PRIMARY KEY)");
          try (Statement s = h.getConnection().createStatement()) {
            s.execute(script);
          }
        });
    return uuidOssp;
  }

  private static boolean tryCreateUuidOssp(Handle h) throws SQLException {
    Connection c = h.getConnection();
    try (Statement s = c.createStatement()) {
      s.execute("CREATE EXTENSION IF NOT EXISTS \"uuid-ossp\"");
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  /** Rows as the daemon writes them: completed/failed, JSON metadata, no attempt. */
  static void insertPythonRows(Jdbi jdbi) {
    String insert =
        "INSERT INTO meta.daemon_action_log (ticket_id, action_id, action_type, action_hash,"
            + " status, error_message, metadata, executed_at) VALUES (?, ?, ?, ?, ?, ?,"
            + " CAST(? AS jsonb), now() - interval '1 hour')";
    jdbi.useHandle(
        h -> {
          for (Object[] r :
              new Object[][] {
                {101, ADD_ASSET, "completed", null},
                {101, FIND_ACTIVE, "completed", null},
                {101, SUMMARY, "completed", null},
                {102, ADD_ASSET, "failed", "Failed to add 1 asset(s)"},
                {103, ADD_LAB, "completed", null},
                {104, ADD_ASSET, "completed", null},
              }) {
            String id = (String) r[1];
            String type = id.substring(0, id.indexOf(':'));
            String hash12 = id.split(":")[1];
            h.execute(
                insert,
                r[0],
                id,
                type,
                hash12 + "0".repeat(52),
                r[2],
                r[3],
                "{\"details\": {\"assets_added\": 1}, \"config\": {\"max_assets\": 10}}");
          }
        });
  }

  static List<String> columns(Jdbi jdbi, String table) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT column_name FROM information_schema.columns"
                        + " WHERE table_schema = 'meta' AND table_name = :t ORDER BY ordinal_position")
                .bind("t", table)
                .mapTo(String.class)
                .list());
  }

  static List<String> daemonObjects(Jdbi jdbi) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " WHERE n.nspname = 'meta'"
                        + " UNION SELECT conname FROM pg_constraint c"
                        + " JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = 'meta'"
                        + " ORDER BY 1")
                .mapTo(String.class)
                .list());
  }

  static String logIdDefault(Jdbi jdbi) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT column_default FROM information_schema.columns WHERE table_schema ="
                        + " 'meta' AND table_name = 'daemon_action_log' AND column_name = 'log_id'")
                .mapTo(String.class)
                .one());
  }

  static String tableComment(Jdbi jdbi) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT obj_description('meta.daemon_action_log'::regclass, 'pg_class')")
                .mapTo(String.class)
                .one());
  }

  static long count(Jdbi jdbi, String sql) {
    return jdbi.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }

  private static List<Map<String, Object>> pythonColumns(Jdbi jdbi) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT log_id, ticket_id, action_type, action_id, action_hash, status,"
                        + " error_message, metadata::text AS metadata, executed_at"
                        + " FROM meta.daemon_action_log ORDER BY ticket_id, action_id")
                .mapToMap()
                .list());
  }
}
