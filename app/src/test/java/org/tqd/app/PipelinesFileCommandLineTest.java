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

/** The command line with a {@code pipelines:} file: what is refused before anything starts. */
class PipelinesFileCommandLineTest {

  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @AfterEach
  void restore() {
    Settings.override(null);
  }

  private int run(String yaml, String... args) throws Exception {
    Path file = dir.resolve("pipelines.yaml");
    Files.writeString(file, yaml);
    Settings.override(Settings.of(Map.of("TQD_PIPELINE", file.toString(), "HOME", dir.toString())));
    return Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  static final String TWO =
      """
      pipelines:
        - name: laptops
          report_id: 11
          actions:
            - type: summary_comment
        - name: printers
          report_id: 12
          enabled: false
          actions:
            - type: summary_comment
      """;

  @Test
  void reportIdWithAPipelinesFileExitsWithTwo() throws Exception {
    assertThat(run(TWO, "run", "--report-id", "5")).isEqualTo(2);
    assertThat(err.toString())
        .contains("--report-id cannot be used with")
        .contains("each pipeline names its own report_id");
  }

  @Test
  void everyPipelineDisabledExitsWithTwo() throws Exception {
    assertThat(run(TWO.replace("report_id: 11\n", "report_id: 11\n    enabled: false\n"), "run"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("is disabled (enabled: false): nothing to poll");
  }

  @Test
  void validateListsEveryPipelineAndShowDescribesThem() throws Exception {
    assertThat(run(TWO, "pipeline", "validate")).isZero();
    assertThat(out.toString())
        .contains("is valid: 2 pipelines", "laptops: report 11", "printers: report 12")
        .contains("(disabled)");
    assertThat(run(TWO, "pipeline", "show")).isZero();
    assertThat(out.toString()).contains("Pipeline 'laptops'", "Pipeline 'printers'");
  }

  @Test
  void aBadPipelinesFileNamesFileLineAndField() throws Exception {
    assertThat(run(TWO.replace("report_id: 12", "report_id: twelve"), "pipeline", "validate"))
        .isEqualTo(2);
    assertThat(err.toString())
        .contains("pipelines.yaml:7: pipelines[1].report_id: expected an integer");
  }

  @Test
  void retryAndCancelNameTheirPipeline() throws Exception {
    assertThat(run(TWO, "cancel", "5", "--pipeline-name", "scanners")).isEqualTo(2);
    assertThat(err.toString())
        .contains("--pipeline-name scanners is not in", "its pipelines: laptops, printers");
    String bothEnabled = TWO.replace("    enabled: false\n", "");
    assertThat(run(bothEnabled, "retry", "5")).isEqualTo(2);
    assertThat(err.toString())
        .contains("holds several pipelines: name one with --pipeline-name (laptops, printers)");
  }
}
