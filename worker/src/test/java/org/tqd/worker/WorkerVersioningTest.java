package org.tqd.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.common.VersioningBehavior;
import io.temporal.worker.WorkerDeploymentOptions;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Worker Versioning settings. Temporal's Java test server does not implement Worker Deployments, so
 * these tests cover the options only.
 */
class WorkerVersioningTest {

  @Test
  void offByDefault() {
    assertThat(WorkerVersioning.fromEnvironment(Map.of())).isEmpty();
  }

  @Test
  void bothSettingsGivePinnedWorkflowsOnThatVersion() {
    WorkerDeploymentOptions options =
        WorkerVersioning.fromEnvironment(
                Map.of(
                    "TQD_WORKER_DEPLOYMENT_NAME", "tqd", "TQD_WORKER_BUILD_ID", " 2026.12.02-1 "))
            .orElseThrow();
    assertThat(options.isUsingVersioning()).isTrue();
    assertThat(options.getVersion().getDeploymentName()).isEqualTo("tqd");
    assertThat(options.getVersion().getBuildId()).isEqualTo("2026.12.02-1");
    assertThat(options.getDefaultVersioningBehavior()).isEqualTo(VersioningBehavior.PINNED);
  }

  @Test
  void oneWithoutTheOtherOrADotInTheNameIsRefusedNamingTheSetting() {
    assertThatThrownBy(() -> WorkerVersioning.fromEnvironment(Map.of("TQD_WORKER_BUILD_ID", "abc")))
        .hasMessageContaining("TQD_WORKER_DEPLOYMENT_NAME");
    assertThatThrownBy(
            () ->
                WorkerVersioning.fromEnvironment(
                    Map.of("TQD_WORKER_DEPLOYMENT_NAME", "a.b", "TQD_WORKER_BUILD_ID", "1")))
        .hasMessageContaining("must not contain '.'");
  }
}
