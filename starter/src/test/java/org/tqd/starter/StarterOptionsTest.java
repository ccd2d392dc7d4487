package org.tqd.starter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tqd.workflows.action.Pipeline;
import org.tqd.workflows.activities.TaskQueues;

class StarterOptionsTest {

  @Test
  void defaultsMatchThePythonDaemonAndTheDesign() {
    StarterOptions options = StarterOptions.newBuilder(1344, ReportPollerTest.PIPELINE).build();
    assertThat(options.idColumn()).isEqualTo("TicketID");
    assertThat(options.titleColumn()).isEqualTo("Title");
    assertThat(options.interval()).isEqualTo(Duration.ofSeconds(300));
    assertThat(options.workflowExecutionTimeout()).isNull();
    assertThat(options.maxRunsBeforePark()).isEqualTo(3);
    assertThat(options.taskQueue()).isEqualTo(TaskQueues.TICKETS);
    assertThat(options.dryRun()).isFalse();
    assertThat(options.toBuilder().setDryRun(true).build().dryRun()).isTrue();
  }

  @Test
  void badOptionsAreRejectedWithWhatToDo() {
    assertThatThrownBy(() -> StarterOptions.newBuilder(0, ReportPollerTest.PIPELINE).build())
        .hasMessageContaining("report ID")
        .hasMessageContaining("--report-id or DAEMON_REPORT_ID");
    assertThatThrownBy(() -> StarterOptions.newBuilder(1, Pipeline.of(List.of())).build())
        .hasMessageContaining("no actions");
    assertThatThrownBy(
            () ->
                StarterOptions.newBuilder(1, ReportPollerTest.PIPELINE)
                    .setInterval(Duration.ZERO)
                    .build())
        .hasMessageContaining("poll interval must be at least 1 second");
    assertThatThrownBy(
            () -> StarterOptions.newBuilder(1, ReportPollerTest.PIPELINE).setIdColumn(" ").build())
        .hasMessageContaining("ID column must not be empty");
    assertThatThrownBy(
            () ->
                StarterOptions.newBuilder(1, ReportPollerTest.PIPELINE)
                    .setWorkflowExecutionTimeout(Duration.ofSeconds(-1))
                    .build())
        .hasMessageContaining("workflow execution timeout must be positive");
  }
}
