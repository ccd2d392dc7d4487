package org.tqd.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigurationTest {

  @Test
  void noAddressMeansEmbedded() {
    assertThat(TemporalConnectionConfig.fromEnvironment(Map.of())).isNull();
    assertThat(TemporalConnectionConfig.fromEnvironment(Map.of("TEMPORAL_ADDRESS", " "))).isNull();
  }

  @Test
  void readsAddressNamespaceAndMutualTls() {
    TemporalConnectionConfig c =
        TemporalConnectionConfig.fromEnvironment(
            Map.of(
                "TEMPORAL_ADDRESS", "temporal.example.edu:7233",
                "TEMPORAL_NAMESPACE", "tdx",
                "TEMPORAL_TLS_CERT", "/etc/tqd/client.pem",
                "TEMPORAL_TLS_KEY", "/etc/tqd/client.key",
                "TEMPORAL_TLS_CA", "/etc/tqd/ca.pem",
                "TEMPORAL_TLS_SERVER_NAME", "temporal.internal"));
    assertThat(c.address()).isEqualTo("temporal.example.edu:7233");
    assertThat(c.namespace()).isEqualTo("tdx");
    assertThat(c.usesTls()).isTrue();
  }

  @Test
  void plainTextUnlessTlsIsAskedFor() {
    TemporalConnectionConfig plain =
        TemporalConnectionConfig.fromEnvironment(Map.of("TEMPORAL_ADDRESS", "localhost:7233"));
    assertThat(plain.usesTls()).isFalse();
    assertThat(plain.namespace()).isEqualTo("default");
    TemporalConnectionConfig tls =
        TemporalConnectionConfig.fromEnvironment(
            Map.of("TEMPORAL_ADDRESS", "cloud:7233", "TEMPORAL_TLS", "true"));
    assertThat(tls.usesTls()).isTrue();
  }

  @Test
  void aCertificateWithoutItsKeyIsRefused() {
    assertThatThrownBy(
            () ->
                TemporalConnectionConfig.fromEnvironment(
                    Map.of("TEMPORAL_ADDRESS", "x:1", "TEMPORAL_TLS_CERT", "/c.pem")))
        .hasMessageContaining(
            "TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH (or their _DATA forms)"
                + " must be set together");
  }

  @Test
  void unreadableTlsFilesNameTheSettings() {
    TemporalConnectionConfig c =
        TemporalConnectionConfig.fromEnvironment(
            Map.of(
                "TEMPORAL_ADDRESS", "127.0.0.1:1",
                "TEMPORAL_TLS_CERT", "/nonexistent/c.pem",
                "TEMPORAL_TLS_KEY", "/nonexistent/k.pem"));
    assertThatThrownBy(() -> TemporalClients.connect(c, null, Duration.ofSeconds(1)))
        .hasMessageContaining("TEMPORAL_TLS_CLIENT_CERT_PATH")
        .hasMessageContaining("NoSuchFileException: /nonexistent/c.pem");
  }

  @Test
  void unreachableTemporalSaysWhatToCheck() {
    assertThatThrownBy(
            () ->
                TemporalClients.connect(
                    TemporalConnectionConfig.plain("127.0.0.1:1", "default"),
                    null,
                    Duration.ofSeconds(1)))
        .isInstanceOf(TemporalUnavailableException.class)
        .hasMessageContaining("cannot reach Temporal at 127.0.0.1:1")
        .hasMessageContaining("TEMPORAL_ADDRESS");
  }

  @Test
  void workerSettingsFromEnvironment() {
    WorkerSettings s =
        WorkerSettings.fromEnvironment(
            Map.of(
                "TQD_TDX_RATE_LIMIT", "2.5", "TQD_METRICS_PORT", "-1", "TQD_SHUTDOWN_GRACE", "45"));
    assertThat(s.tdxActivitiesPerSecond()).isEqualTo(2.5);
    assertThat(s.hasTdxRateLimit()).isTrue();
    assertThat(s.metricsPort()).isEqualTo(-1);
    assertThat(s.shutdownGrace()).isEqualTo(Duration.ofSeconds(45));
    assertThat(s.stickyTimeout()).isEqualTo(WorkerSettings.DEFAULT_STICKY_TIMEOUT);
    assertThat(WorkerSettings.fromEnvironment(Map.of("TQD_STICKY_TIMEOUT", "0")).stickyTimeout())
        .isZero();
    assertThat(WorkerSettings.fromEnvironment(Map.of("TQD_STICKY_TIMEOUT", "2.5")).stickyTimeout())
        .isEqualTo(Duration.ofMillis(2500));
    assertThatThrownBy(() -> WorkerSettings.fromEnvironment(Map.of("TQD_STICKY_TIMEOUT", "-1")))
        .hasMessageContaining("TQD_STICKY_TIMEOUT must not be negative");
    assertThatThrownBy(() -> WorkerSettings.fromEnvironment(Map.of("TQD_TDX_RATE_LIMIT", "fast")))
        .hasMessageContaining("TQD_TDX_RATE_LIMIT must be a number");
    assertThatThrownBy(() -> WorkerSettings.fromEnvironment(Map.of("TQD_TDX_RATE_LIMIT", "0")))
        .hasMessageContaining("positive");
  }

  @Test
  void noTdxRateCeilingUnlessConfigured() {
    WorkerSettings s = WorkerSettings.fromEnvironment(Map.of());
    assertThat(s.hasTdxRateLimit()).isFalse();
    assertThat(s.tdxActivitiesPerSecond()).isZero();
    assertThat(WorkerSettings.defaults().hasTdxRateLimit()).isFalse();
    assertThat(WorkerSettings.fromEnvironment(Map.of("TQD_TDX_RATE_LIMIT", " ")).hasTdxRateLimit())
        .isFalse();
  }

  @Test
  void aTemporalTlsValueThatIsNeitherTrueNorFalseIsRefused() {
    for (String value : new String[] {"maybe", "ture", "2", "enabled"}) {
      assertThatThrownBy(
              () ->
                  TemporalConnectionConfig.fromEnvironment(
                      Map.of("TEMPORAL_ADDRESS", "x:7233", "TEMPORAL_TLS", value)))
          .as(value)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("TEMPORAL_TLS must be true or false, got '" + value + "'");
    }
    assertThat(
            TemporalConnectionConfig.fromEnvironment(
                    Map.of("TEMPORAL_ADDRESS", "x:7233", "TEMPORAL_TLS", "YES"))
                .usesTls())
        .isTrue();
    assertThat(
            TemporalConnectionConfig.fromEnvironment(
                    Map.of("TEMPORAL_ADDRESS", "x:7233", "TEMPORAL_TLS", "off"))
                .usesTls())
        .isFalse();
  }

  @Test
  void tlsWithoutAnAddressIsRefusedRatherThanSpokenInPlainText() {
    assertThatThrownBy(
            () -> TemporalConnectionConfig.fromEnvironment(Map.of("TEMPORAL_TLS", "maybe")))
        .hasMessageContaining("TEMPORAL_TLS must be true or false");
    assertThatThrownBy(
            () -> TemporalConnectionConfig.fromEnvironment(Map.of("TEMPORAL_TLS", "true")))
        .hasMessageContaining("TEMPORAL_TLS is set but TEMPORAL_ADDRESS is not")
        .hasMessageContaining("plain text");
    assertThatThrownBy(
            () ->
                TemporalConnectionConfig.fromEnvironment(
                    Map.of("TEMPORAL_TLS_CA", "/ca.pem", "TEMPORAL_TLS_SERVER_NAME", "t")))
        .hasMessageContaining(
            "TEMPORAL_TLS_CA, TEMPORAL_TLS_SERVER_NAME are set but TEMPORAL_ADDRESS is not");
    assertThat(TemporalConnectionConfig.fromEnvironment(Map.of("TEMPORAL_TLS", "false"))).isNull();
  }

  @Test
  void workerNumbersOutOfRangeNameTheirSetting() {
    for (String[] c :
        new String[][] {
          {"TQD_METRICS_PORT", "99999", "TQD_METRICS_PORT must be a port from 1 to 65535"},
          {"TQD_METRICS_PORT", "-2", "TQD_METRICS_PORT must be a port"},
          {"TQD_METRICS_PORT", "9464.5", "TQD_METRICS_PORT must be a whole number"},
          {"TQD_TDX_CONCURRENCY", "0", "TQD_TDX_CONCURRENCY must be at least 1, got 0"},
          {"TQD_TDX_CONCURRENCY", "2.5", "TQD_TDX_CONCURRENCY must be a whole number"},
          {"TQD_TICKET_CONCURRENCY", "-4", "TQD_TICKET_CONCURRENCY must be at least 1"},
          {"TQD_TDX_RATE_LIMIT", "Infinity", "TQD_TDX_RATE_LIMIT must be a number"},
          {"TQD_TDX_RATE_LIMIT", "NaN", "TQD_TDX_RATE_LIMIT must be a number"},
          {"TQD_SHUTDOWN_GRACE", "-5", "TQD_SHUTDOWN_GRACE must not be negative"},
          {"TQD_SHUTDOWN_GRACE", "1e9x", "TQD_SHUTDOWN_GRACE must be a whole number"},
          {"TQD_STICKY_TIMEOUT", "NaN", "TQD_STICKY_TIMEOUT must be a number"}
        }) {
      assertThatThrownBy(() -> WorkerSettings.fromEnvironment(Map.of(c[0], c[1])))
          .as(c[0] + "=" + c[1])
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(c[2]);
    }
    assertThat(WorkerSettings.fromEnvironment(Map.of("TQD_METRICS_PORT", "0")).metricsPort())
        .isZero();
    assertThat(WorkerSettings.fromEnvironment(Map.of("TQD_METRICS_PORT", "65535")).metricsPort())
        .isEqualTo(65535);
  }
}
