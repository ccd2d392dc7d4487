package org.tqd.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's contract: help, exit codes, and clear messages for bad input. */
class CommandLineTest {

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @AfterEach
  void restore() {
    Settings.override(null);
  }

  private int run(Map<String, String> env, String... args) {
    Settings.override(Settings.of(env));
    return Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void everyCommandHasHelpThatDocumentsExitCodes() {
    for (String[] cmd :
        new String[][] {
          {"--help"},
          {"run", "--help"},
          {"worker", "--help"},
          {"sandbox", "--help"},
          {"demo", "--help"},
          {"pipeline", "validate", "--help"},
          {"pipeline", "show", "--help"},
          {"ledger", "stats", "--help"},
          {"ledger", "ticket", "--help"},
          {"ledger", "clear-failed", "--help"},
          {"retry", "--help"},
          {"cancel", "--help"}
        }) {
      assertThat(run(Map.of(), cmd)).as(String.join(" ", cmd)).isZero();
    }
    assertThat(out.toString())
        .contains("Exit status: 0 success, 1 failure at run time, 2 bad usage");
    assertThat(out.toString())
        .contains(
            "--report-id", "--daemon", "--interval", "--dry-run", "--log", "--log-level", "--wait");
  }

  @Test
  void unknownFlagsAndCommandsExitWithTwo() {
    assertThat(run(Map.of(), "run", "--bogus")).isEqualTo(2);
    assertThat(err.toString()).contains("--bogus").contains("tqd run --help");
    assertThat(run(Map.of(), "frobnicate")).isEqualTo(2);
  }

  @Test
  void runWithoutAReportIdSaysHowToGiveOne() {
    assertThat(run(Map.of(), "run")).isEqualTo(2);
    assertThat(err.toString()).contains("Use --report-id or set DAEMON_REPORT_ID");
  }

  @Test
  void runWithoutTdxSettingsNamesWhatIsMissing() {
    assertThat(run(Map.of("DAEMON_REPORT_ID", "1344"), "run")).isEqualTo(2);
    assertThat(err.toString()).contains("TDX_BASE_URL").doesNotContain("Exception");
  }

  @Test
  void badDaemonIntervalIsAConfigurationError() {
    assertThat(run(Map.of("DAEMON_INTERVAL", "often"), "run", "--report-id", "5")).isEqualTo(2);
    assertThat(err.toString()).contains("DAEMON_INTERVAL must be an integer");
  }

  @Test
  void badLogLevelIsAConfigurationError() {
    assertThat(run(Map.of(), "pipeline", "show", "--log-level", "LOUD")).isEqualTo(2);
    assertThat(err.toString()).contains("--log-level must be one of");
  }

  @Test
  void showPrintsTheStandardPipelineWithThePythonDaemonsActionIds() {
    assertThat(run(Map.of(), "pipeline", "show")).isZero();
    assertThat(out.toString())
        .contains("674ae796b67d")
        .contains("add_asset:a6ee89781f2f:v2")
        .contains("find_active_tickets:e9b209460690:v1")
        .contains("summary_comment:3a46b2bb91de:v1");
  }

  @Test
  void validateReportsEveryProblemWithItsLineAndExitsWithTwo() throws Exception {
    Path file = dir.resolve("pipeline.yaml");
    Files.writeString(
        file,
        "actions:\n"
            + "  - type: add_asset\n"
            + "    params: { max_assets_to_add: ten }\n"
            + "  - type: add_lab\n");
    assertThat(run(Map.of(), "pipeline", "validate", "--pipeline", file.toString())).isEqualTo(2);
    assertThat(err.toString())
        .contains("pipeline.yaml:3")
        .contains("max_assets_to_add")
        .contains("pipeline.yaml:4")
        .contains("add_lab");
  }

  @Test
  void validateAcceptsTheShippedExample() throws Exception {
    Path file = dir.resolve("example.yaml");
    try (var in = getClass().getResourceAsStream("/pipeline.example.yaml")) {
      Files.write(file, in.readAllBytes());
    }
    assertThat(run(Map.of(), "pipeline", "validate", "--pipeline", file.toString())).isZero();
    assertThat(out.toString()).contains("is valid");
  }

  @Test
  void aMissingPipelineFileIsAConfigurationError() {
    assertThat(run(Map.of("TQD_PIPELINE", dir.resolve("nope.yaml").toString()), "pipeline", "show"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("nope.yaml");
  }

  @Test
  void cancelNeedsARunningCluster() {
    assertThat(run(Map.of(), "cancel", "123")).isEqualTo(2);
    assertThat(err.toString()).contains("TEMPORAL_ADDRESS");
  }

  @Test
  void unreachableTemporalIsARuntimeFailureWithAFix() {
    int code =
        run(
            Map.of("TEMPORAL_ADDRESS", "127.0.0.1:1", "TEMPORAL_NAMESPACE", "default"),
            "cancel",
            "123");
    assertThat(code).isEqualTo(1);
    assertThat(err.toString())
        .contains("cannot reach Temporal at 127.0.0.1:1")
        .contains("TEMPORAL_ADDRESS");
  }
}
