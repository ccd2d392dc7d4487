package org.tqd.app.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tqd.app.Settings;
import org.tqd.app.UserError;

/** Which port {@code tqd run} serves /metrics on. */
class RunMetricsPortTest {

  @Test
  void aSinglePollBindsNoPortUnlessAsked() {
    Settings shared = Settings.of(Map.of("TQD_METRICS_PORT", "9464"));
    assertThat(RunCommand.metricsPort(false, null, shared)).isEqualTo(-1);
    assertThat(
            RunCommand.metricsPort(
                false, null, Settings.of(Map.of("TQD_STARTER_METRICS_PORT", "9465"))))
        .isEqualTo(-1);
    assertThat(RunCommand.metricsPort(false, 9999, shared)).isEqualTo(9999);
  }

  @Test
  void aDaemonUsesItsOwnSettingNeverTheWorkers() {
    // One settings file for worker and starter (systemd's /etc/tqd/tqd.env): no collision.
    Settings shared = Settings.of(Map.of("TQD_METRICS_PORT", "9464"));
    assertThat(RunCommand.metricsPort(true, null, shared)).isEqualTo(9465);
    assertThat(
            RunCommand.metricsPort(
                true,
                null,
                Settings.of(
                    Map.of("TQD_METRICS_PORT", "9464", "TQD_STARTER_METRICS_PORT", "19465"))))
        .isEqualTo(19465);
    assertThat(
            RunCommand.metricsPort(
                true, null, Settings.of(Map.of("TQD_STARTER_METRICS_PORT", "-1"))))
        .isEqualTo(-1);
    assertThat(RunCommand.metricsPort(true, 0, shared)).isZero();
  }

  @Test
  void outOfRangeValuesAreRefused() {
    assertThatThrownBy(() -> RunCommand.metricsPort(true, -2, Settings.of(Map.of())))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("--metrics-port must be a port from 1 to 65535");
    assertThatThrownBy(
            () ->
                RunCommand.metricsPort(
                    false, null, Settings.of(Map.of("TQD_STARTER_METRICS_PORT", "x"))))
        .hasMessageContaining("TQD_STARTER_METRICS_PORT must be an integer");
  }
}
