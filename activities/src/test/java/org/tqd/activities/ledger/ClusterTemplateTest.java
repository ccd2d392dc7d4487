package org.tqd.activities.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * New embedded ledgers copied from the cluster initdb made first: each a cluster of its own that
 * starts, migrates and keeps its own rows; a template the server refuses is replaced.
 */
class ClusterTemplateTest {

  static final DatabaseOptions FAST_FAIL =
      DatabaseOptions.builder().connectTimeout(Duration.ofSeconds(1)).build();

  @TempDir Path dir;

  @Test
  void theFirstClusterBecomesTheTemplateAndLaterOnesAreCopiesOfIt() throws Exception {
    ClusterTemplate template = new ClusterTemplate(dir.resolve("template"));
    assertThat(template.available()).isFalse();

    try (EmbeddedLedgerDatabase first =
            EmbeddedLedgerDatabase.start(dir.resolve("a"), 0, template);
        Database db = Database.connect(first.databaseUrl(), FAST_FAIL)) {
      assertThat(first.created()).isTrue();
      assertThat(first.fromTemplate()).isFalse();
      db.migrate();
      new ActionLedger(db.jdbi())
          .complete(1, EmbeddedLedgerDatabaseTest.ADD_ASSET, ActionStatus.COMPLETED, "a", Map.of());
    }
    assertThat(template.available()).isTrue();
    assertThat(template.directory().resolve("epg-lock")).doesNotExist();
    assertThat(template.directory().resolve("postmaster.pid")).doesNotExist();
    assertThat(Files.readString(template.directory().resolve("PG_VERSION")).trim())
        .isEqualTo(String.valueOf(EmbeddedLedgerDatabase.MAJOR_VERSION));

    // Two copies running at once: separate clusters, each with only its own rows.
    try (EmbeddedLedgerDatabase b = EmbeddedLedgerDatabase.start(dir.resolve("b"), 0, template);
        EmbeddedLedgerDatabase c = EmbeddedLedgerDatabase.start(dir.resolve("c"), 0, template);
        Database dbB = Database.connect(b.databaseUrl(), FAST_FAIL);
        Database dbC = Database.connect(c.databaseUrl(), FAST_FAIL)) {
      assertThat(b.created()).isTrue();
      assertThat(b.fromTemplate()).isTrue();
      assertThat(c.fromTemplate()).isTrue();
      assertThat(dbB.migrate()).isEqualTo(LedgerMigrationsTest.migrationCount());
      assertThat(dbC.migrate()).isEqualTo(LedgerMigrationsTest.migrationCount());
      new ActionLedger(dbB.jdbi())
          .complete(2, EmbeddedLedgerDatabaseTest.ADD_ASSET, ActionStatus.COMPLETED, "b", Map.of());
      assertThat(rows(dbB)).isEqualTo(1);
      assertThat(rows(dbC)).isZero();
    }

    // A copied cluster is an ordinary one afterwards: it restarts without the template.
    template.discard();
    try (EmbeddedLedgerDatabase again =
            EmbeddedLedgerDatabase.start(dir.resolve("b"), 0, template);
        Database db = Database.connect(again.databaseUrl(), FAST_FAIL)) {
      assertThat(again.created()).isFalse();
      assertThat(db.migrate()).isZero();
      assertThat(rows(db)).isEqualTo(1);
    }
  }

  @Test
  void aTemplateTheServerRefusesIsReplacedByInitdb() throws Exception {
    ClusterTemplate template = new ClusterTemplate(dir.resolve("template"));
    // A complete-looking template whose control file is not PostgreSQL's: the server cannot start.
    Files.createDirectories(template.directory().resolve("global"));
    Files.writeString(template.directory().resolve("postgresql.conf"), "");
    Files.writeString(
        template.directory().resolve("PG_VERSION"), EmbeddedLedgerDatabase.MAJOR_VERSION + "\n");
    Files.writeString(template.directory().resolve("global").resolve("pg_control"), "garbage");
    Files.writeString(template.directory().resolve(ClusterTemplate.COMPLETE), "");
    assertThat(template.available()).isTrue();

    try (EmbeddedLedgerDatabase db = EmbeddedLedgerDatabase.start(dir.resolve("d"), 0, template);
        Database ledger = Database.connect(db.databaseUrl(), FAST_FAIL)) {
      assertThat(db.created()).isTrue();
      assertThat(db.fromTemplate()).isFalse();
      assertThat(ledger.migrate()).isEqualTo(LedgerMigrationsTest.migrationCount());
    }
    // initdb's cluster is the template now.
    assertThat(template.available()).isTrue();
    assertThat(Files.size(template.directory().resolve("global").resolve("pg_control")))
        .isGreaterThan(1000);
  }

  @Test
  void anIncompleteTemplateIsNotUsed() throws Exception {
    ClusterTemplate template = new ClusterTemplate(dir.resolve("template"));
    Files.createDirectories(template.directory());
    Files.writeString(template.directory().resolve("postgresql.conf"), "");
    assertThat(template.available()).isFalse();
  }

  private static int rows(Database db) {
    return db.jdbi()
        .withHandle(
            h ->
                h.createQuery("select count(*) from meta.daemon_action_log")
                    .mapTo(Integer.class)
                    .one());
  }
}
