package org.tqd.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tqd.activities.ledger.Database;
import org.tqd.activities.ledger.DatabaseUrl;
import org.tqd.activities.ledger.PauseSwitch;
import org.tqd.app.Main;
import org.tqd.app.Settings;
import org.tqd.sandbox.TdxSandbox;

/**
 * {@code tqd run --wait} with a {@code pipelines:} file, as run: the sandbox over HTTP, an embedded
 * Temporal test server and worker in the process, the ledger and the pause switch in PostgreSQL.
 */
class PipelinesRunEndToEndTest {

  private static E2ePostgres postgres;

  @TempDir Path dir;

  @BeforeAll
  static void startPostgres() throws IOException {
    postgres = E2ePostgres.start();
  }

  @AfterAll
  static void stopPostgres() throws IOException {
    if (postgres != null) {
      postgres.close();
    }
  }

  @AfterEach
  void restore() {
    Settings.override(null);
  }

  @Test
  void oneRunPollsEveryPipelineAndHonoursAPauseOfOne() throws Exception {
    try (TdxSandbox sandbox = Scenario.sandbox(2, 3).build().start()) {
      String databaseUrl = postgres.newDatabase();
      int report = sandbox.reportId();
      Path file = dir.resolve("pipelines.yaml");
      Files.writeString(
          file,
          "pipelines:\n"
              + "  - name: laptops\n"
              + "    report_id: "
              + report
              + "\n"
              + "    actions:\n"
              + "      - type: comment\n"
              + "        params: {comment_text: From laptops}\n"
              + "  - name: printers\n"
              + "    report_id: "
              + report
              + "\n"
              + "    actions:\n"
              + "      - type: comment\n"
              + "        params: {comment_text: From printers}\n"
              + "  - name: scanners\n"
              + "    report_id: "
              + report
              + "\n"
              + "    enabled: false\n"
              + "    actions:\n"
              + "      - type: comment\n"
              + "        params: {comment_text: From scanners}\n");
      Map<String, String> env = sandbox.tqdSettings();
      env.put("DATABASE_URL", databaseUrl);
      env.put("TQD_PIPELINE", file.toString());
      env.put("TQD_METRICS_PORT", "-1");
      env.put("TQD_CODEC_KEYS_FILE", Scenario.testKeysFile());
      env.put("HOME", dir.toString());
      Settings.override(Settings.of(env));

      // The ledger's schema first, then the pause, as an operator would before the run.
      try (Database db = Database.connect(DatabaseUrl.parse(databaseUrl))) {
        db.migrate();
        new PauseSwitch(db.jdbi()).pause("printers", "test", "printer rules under review");
      }

      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int status =
          Main.execute(
              new String[] {"run", "--wait"},
              new PrintWriter(out, true),
              new PrintWriter(err, true));

      assertThat(status).as("out:%n%s%nerr:%n%s", out, err).isZero();
      assertThat(out.toString()).contains("Pipeline laptops:", "Pipeline printers:");
      assertThat(out.toString()).doesNotContain("scanners");
      for (int id : sandbox.reportTickets()) {
        assertThat(comments(sandbox, id, "From laptops")).isEqualTo(1);
        assertThat(comments(sandbox, id, "From printers")).as("paused").isZero();
        assertThat(comments(sandbox, id, "From scanners")).as("disabled").isZero();
      }
    }
  }

  private static long comments(TdxSandbox sandbox, int ticket, String text) {
    return sandbox.state(ticket).feed().stream()
        .filter(f -> f.body() != null && f.body().contains(text))
        .count();
  }
}
