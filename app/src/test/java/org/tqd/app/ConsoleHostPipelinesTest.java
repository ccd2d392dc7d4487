package org.tqd.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tqd.workflows.pipeline.PipelineDefinition;
import org.tqd.workflows.pipeline.PipelineLoader;
import org.tqd.workflows.pipeline.StandardPipeline;

/** The console names the report of a file of one pipeline as {@code tqd run} polls it. */
class ConsoleHostPipelinesTest {

  @Test
  void aPipelineWithoutReportIdGetsDaemonReportId() {
    PipelineDefinition standard = StandardPipeline.definition();
    assertThat(standard.reportId()).isNull();

    List<PipelineDefinition> out =
        ConsoleHost.withEnvironmentReport(
            List.of(standard), Settings.of(Map.of("DAEMON_REPORT_ID", "1344")));

    assertThat(out).singleElement().extracting(PipelineDefinition::reportId).isEqualTo(1344);
    assertThat(out.get(0).pipeline().pipelineId()).isEqualTo(standard.pipeline().pipelineId());
  }

  @Test
  void theFilesOwnReportAndNamedPipelinesAreLeftAlone() throws Exception {
    PipelineDefinition own =
        PipelineLoader.parse("report_id: 77\nactions:\n  - type: add_asset\n", "pipeline.yaml");
    Settings settings = Settings.of(Map.of("DAEMON_REPORT_ID", "1344"));

    assertThat(ConsoleHost.withEnvironmentReport(List.of(own), settings).get(0).reportId())
        .isEqualTo(77);
    assertThat(
            ConsoleHost.withEnvironmentReport(
                    List.of(StandardPipeline.definition()), Settings.of(Map.of()))
                .get(0)
                .reportId())
        .isNull();
  }
}
