package org.tqd.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
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

/** {@code tqd pause} and {@code tqd resume} as run, against a real PostgreSQL. */
class PauseCommandsTest {

  private static E2ePostgres postgres;

  private String databaseUrl;
  @TempDir Path dir;

  private StringWriter out = new StringWriter();
  private StringWriter err = new StringWriter();

  @BeforeAll
  static void startPostgres() throws Exception {
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

  private int run(String... args) throws Exception {
    return runWith(Map.of(), args);
  }

  private int runWith(Map<String, String> more, String... args) throws Exception {
    if (databaseUrl == null) {
      databaseUrl = postgres.newDatabase();
    }
    out = new StringWriter();
    err = new StringWriter();
    Map<String, String> env = new java.util.HashMap<>(more);
    env.put("DATABASE_URL", databaseUrl);
    env.put("HOME", dir.toString());
    Settings.override(Settings.of(env));
    return Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  private boolean paused(String pipeline) {
    try (Database db = Database.connect(DatabaseUrl.parse(databaseUrl))) {
      return new PauseSwitch(db.jdbi()).isPaused(pipeline);
    }
  }

  @Test
  void pauseAndResumeEveryPipeline() throws Exception {
    assertThat(run("pause", "--reason", "TDX maintenance")).isZero();
    assertThat(out.toString())
        .contains("Paused every pipeline.")
        .contains("paused: every pipeline since")
        .contains("(TDX maintenance)");
    assertThat(paused(null)).isTrue();
    assertThat(paused("laptops")).isTrue();

    assertThat(run("resume")).isZero();
    assertThat(out.toString()).contains("Resumed every pipeline.", "Nothing is paused.");
    assertThat(paused("laptops")).isFalse();
  }

  @Test
  void pauseOnePipelineByName() throws Exception {
    assertThat(run("pause", "--pipeline", "laptops")).isZero();
    assertThat(out.toString()).contains("Paused pipeline 'laptops'.");
    assertThat(paused("laptops")).isTrue();
    assertThat(paused("printers")).isFalse();

    assertThat(run("pause", "--list")).isZero();
    assertThat(out.toString()).contains("paused: pipeline 'laptops'").contains("by cli:");

    assertThat(run("resume", "--pipeline", "printers")).isZero();
    assertThat(out.toString()).contains("Pipeline 'printers' was not paused; nothing changed.");
    assertThat(run("resume", "--pipeline", "laptops")).isZero();
    assertThat(paused("laptops")).isFalse();
  }

  @Test
  void aStarOrBlankPipelineNameIsABadUsage() throws Exception {
    assertThat(run("pause", "--pipeline", "*")).isEqualTo(2);
    assertThat(err.toString()).contains("--pipeline needs a pipeline's name");
    assertThat(run("resume", "--pipeline", " ")).isEqualTo(2);
    assertThat(run("pause", "--list", "--reason", "x")).isEqualTo(2);
    assertThat(err.toString()).contains("--list takes neither");
  }

  @Test
  void pausingANameTheLocalPipelineFileLacksWarns() throws Exception {
    java.nio.file.Path file = dir.resolve("pipelines.yaml");
    java.nio.file.Files.writeString(
        file,
        "pipelines:\n"
            + "  - name: laptops\n    report_id: 1\n    actions: [{type: summary_comment}]\n"
            + "  - name: printers\n    report_id: 2\n    actions: [{type: summary_comment}]\n");
    Map<String, String> env = Map.of("TQD_PIPELINE", file.toString());
    assertThat(runWith(env, "pause", "--pipeline", "laptop")).isZero();
    assertThat(err.toString())
        .contains("has no pipeline named 'laptop'; its pipelines: laptops, printers");
    assertThat(paused("laptop")).as("the pause is kept").isTrue();
    assertThat(runWith(env, "pause", "--pipeline", "laptops")).isZero();
    assertThat(err.toString()).doesNotContain("warning");
  }
}
