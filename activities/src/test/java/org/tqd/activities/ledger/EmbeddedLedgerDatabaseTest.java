package org.tqd.activities.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The app's own PostgreSQL, and what the ledger does when its database goes away. */
class EmbeddedLedgerDatabaseTest {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedLedgerDatabaseTest.class);
  static final String ADD_ASSET = "add_asset:a6ee89781f2f:v2";
  static final String COMMENT = "comment:054200481667:v1";
  static final DatabaseOptions FAST_FAIL =
      DatabaseOptions.builder().connectTimeout(Duration.ofSeconds(1)).build();

  @TempDir Path dir;

  /**
   * One scenario, because each cold start (initdb) costs seconds: create, restart, refuse a second
   * user, survive a killed owner, fail closed when stopped.
   */
  @Test
  void keepsTheLedgerAcrossRestartsAndKillsAndFailsClosedWhenStopped() throws Exception {
    Path data = dir.resolve("postgres");
    long server;
    try (EmbeddedLedgerDatabase cold = EmbeddedLedgerDatabase.start(data, 0)) {
      server = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
      assertThat(cold.created()).isTrue();
      assertThat(cold.jdbcUrl()).startsWith("jdbc:postgresql://localhost:" + cold.port() + "/tqd");
      try (Database db = Database.connect(cold.databaseUrl(), FAST_FAIL)) {
        assertThat(db.migrate()).isEqualTo(LedgerMigrationsTest.migrationCount());
        new ActionLedger(db.jdbi())
            .complete(7, ADD_ASSET, ActionStatus.COMPLETED, "Added 1 asset", Map.of());
      }
      log.info(
          "embedded PostgreSQL cold start (initdb + start): {} ms", cold.startupTime().toMillis());
      assertThatThrownBy(() -> EmbeddedLedgerDatabase.start(data, 0))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("in use by another tqd process");
    }
    assertThat(ProcessHandle.of(server).map(EmbeddedLedgerDatabase::exited))
        .as("the server process has exited once close() returns (a zombie awaiting its reaping")
        .isNotEqualTo(java.util.Optional.of(false));

    try (EmbeddedLedgerDatabase warm = EmbeddedLedgerDatabase.start(data, 0);
        Database db = Database.connect(warm.databaseUrl(), FAST_FAIL)) {
      log.info("embedded PostgreSQL warm start: {} ms", warm.startupTime().toMillis());
      assertThat(warm.created()).isFalse();
      assertThat(db.migrate()).isZero();
      assertThat(summary(db, 7, ADD_ASSET)).isEqualTo("Added 1 asset");
    }

    // A process killed with its server running leaves the server behind.
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                EmbeddedLedgerDatabaseChild.class.getName(),
                data.toString())
            .redirectErrorStream(true)
            .start();
    int orphanPort;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      do {
        line = out.readLine();
      } while (line != null && !line.startsWith("READY"));
      assertThat(line).as("child started PostgreSQL").isNotNull();
      orphanPort = Integer.parseInt(line.substring("READY ".length()).trim());
    } finally {
      child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    // Another process that shared the killed owner's server is still connected to it; the next
    // owner stops the orphan anyway (a fast shutdown) instead of waiting for that client.
    EmbeddedLedgerDatabase restarted;
    try (Connection sharer =
        DriverManager.getConnection(
            "jdbc:postgresql://localhost:" + orphanPort + "/tqd?user=postgres")) {
      assertThat(sharer.isValid(5)).isTrue();
      restarted = EmbeddedLedgerDatabase.start(data, 0);
      assertThat(sharer.isValid(5)).as("the orphan's clients were disconnected").isFalse();
    }
    Database db = Database.connect(restarted.databaseUrl(), FAST_FAIL);
    try {
      assertThat(summary(db, 11, COMMENT)).isEqualTo("written before kill");

      restarted.close();

      ActionLedger ledger = new ActionLedger(db.jdbi());
      assertThatThrownBy(() -> ledger.claim(7, COMMENT, "comment", null, null))
          .isInstanceOf(LedgerUnavailableException.class)
          .hasMessageContaining("could not be reached while claiming ticket 7")
          .hasMessageContaining("nothing was written to TDX");
      assertThatThrownBy(() -> ledger.ticketsNeedingWork(List.of(7), List.of(ADD_ASSET), 3))
          .isInstanceOf(LedgerUnavailableException.class);
      assertThatThrownBy(() -> new AssetIndex(db.jdbi()).findByIdentifiers(List.of("pc")))
          .isInstanceOf(LedgerUnavailableException.class);
    } finally {
      db.close();
      restarted.close();
    }
  }

  private static String summary(Database db, int ticket, String actionId) {
    return new ActionLedger(db.jdbi())
        .loadStates(ticket, List.of(actionId))
        .get(actionId)
        .summary();
  }

  /**
   * A stop must not wait for an exited server to be reaped: where no init process reaps orphans (in
   * some containers), the postmaster stays a zombie after its shutdown, and {@code
   * ProcessHandle.onExit()} would wait on it for seconds.
   */
  @Test
  void anExitedProcessNotYetReapedCountsAsExited() throws Exception {
    // The shell's background child exits at once; its parent, exec'd into sleep, never reaps it.
    Process parent =
        new ProcessBuilder("sh", "-c", "sleep 0.05 & echo $!; exec sleep 30")
            .redirectErrorStream(true)
            .start();
    try {
      long pid;
      try (BufferedReader out =
          new BufferedReader(
              new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
        pid = Long.parseLong(out.readLine().trim());
        ProcessHandle child = ProcessHandle.of(pid).orElseThrow();
        long started = System.nanoTime();
        assertThat(EmbeddedLedgerDatabase.awaitExit(child, Duration.ofSeconds(10))).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - started))
            .as("noticed without waiting for a reaping that never comes")
            .isLessThan(Duration.ofSeconds(2));
        assertThat(EmbeddedLedgerDatabase.exited(child)).isTrue();
        assertThat(EmbeddedLedgerDatabase.exited(parent.toHandle())).isFalse();
        assertThat(EmbeddedLedgerDatabase.awaitExit(parent.toHandle(), Duration.ofMillis(100)))
            .as("a live process is waited for until the limit")
            .isFalse();
      }
    } finally {
      parent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void unreachableDatabaseFailsFastNamingItWithoutThePassword() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    DatabaseUrl url = DatabaseUrl.parse("postgresql://tqd:hunter2@127.0.0.1:" + port + "/ledger");

    long t0 = System.nanoTime();
    assertThatThrownBy(() -> Database.connect(url, FAST_FAIL))
        .isInstanceOf(LedgerUnavailableException.class)
        .hasMessageContaining("postgresql://tqd:***@127.0.0.1:" + port + "/ledger")
        .hasMessageContaining("Check DATABASE_URL")
        .hasMessageNotContaining("hunter2");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
  }
}
