package org.tqd.activities.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the embedded PostgreSQL keeps its data, and data directories of another major version. */
class EmbeddedDataDirectoryTest {

  @TempDir Path home;

  @Test
  void theDefaultDirectoryFollowsHomeAndNamesTheMajorVersion() {
    assertThat(EmbeddedLedgerDatabase.defaultDataDirectory(home.toString()))
        .isEqualTo(home.resolve(".tqd/postgres-16"));
    assertThat(EmbeddedLedgerDatabase.legacyDataDirectory(home.toString()))
        .isEqualTo(home.resolve(".tqd/postgres"));
    assertThat(EmbeddedLedgerDatabase.defaultDataDirectory(null))
        .isEqualTo(Path.of(System.getProperty("user.home"), ".tqd", "postgres-16"));
  }

  @Test
  void aDirectoryOfAnotherMajorVersionIsRefusedBeforeAnythingStarts() throws IOException {
    Path old = home.resolve("pg15");
    Files.createDirectories(old);
    Files.writeString(old.resolve("PG_VERSION"), "15\n");
    Files.writeString(old.resolve("postgresql.conf"), "");
    assertThat(EmbeddedLedgerDatabase.clusterMajorVersion(old)).isEqualTo(15);
    assertThatThrownBy(() -> EmbeddedLedgerDatabase.start(old, 0))
        .isInstanceOf(EmbeddedLedgerDatabase.IncompatibleDataException.class)
        .hasMessageContaining("was written by PostgreSQL 15; this tqd runs PostgreSQL 16")
        .hasMessageContaining("pg_dump")
        .hasMessageContaining("TQD_EMBEDDED_PG_DIR");
    // Nothing was touched.
    assertThat(Files.readString(old.resolve("PG_VERSION"))).isEqualTo("15\n");
    assertThat(old.resolve("postmaster.pid")).doesNotExist();
  }

  @Test
  void anEarlierDefaultLedgerIsNeverReplacedSilentlyByAnEmptyOne() throws IOException {
    Path legacy = EmbeddedLedgerDatabase.legacyDataDirectory(home.toString());
    Path current = EmbeddedLedgerDatabase.defaultDataDirectory(home.toString());
    // No earlier ledger: nothing to say.
    EmbeddedLedgerDatabase.checkDataDirectory(current, legacy);
    Files.createDirectories(legacy);
    Files.writeString(legacy.resolve("PG_VERSION"), "15\n");
    assertThatThrownBy(() -> EmbeddedLedgerDatabase.checkDataDirectory(current, legacy))
        .isInstanceOf(EmbeddedLedgerDatabase.IncompatibleDataException.class)
        .hasMessageContaining("An embedded PostgreSQL 15 ledger is in " + legacy)
        .hasMessageContaining("will not start an empty ledger beside it")
        .hasMessageContaining("move " + legacy + " aside");
    // Once the current directory holds a PostgreSQL 16 cluster, the old one no longer matters.
    Files.createDirectories(current);
    Files.writeString(current.resolve("PG_VERSION"), "16\n");
    EmbeddedLedgerDatabase.checkDataDirectory(current, legacy);
  }

  @Test
  void theBundledServerIsPostgreSql16() throws Exception {
    Path data = home.resolve("data");
    try (EmbeddedLedgerDatabase db = EmbeddedLedgerDatabase.start(data, 0);
        Connection c = java.sql.DriverManager.getConnection(db.jdbcUrl());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW server_version_num")) {
      rs.next();
      assertThat(rs.getInt(1) / 10000).isEqualTo(EmbeddedLedgerDatabase.MAJOR_VERSION);
    }
    assertThat(EmbeddedLedgerDatabase.clusterMajorVersion(data)).isEqualTo(16);
  }
}
