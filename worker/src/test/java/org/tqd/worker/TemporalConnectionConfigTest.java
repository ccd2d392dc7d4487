package org.tqd.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Temporal's setting names and config profiles, read as the temporal CLI reads them. */
class TemporalConnectionConfigTest {

  @TempDir Path home;

  /** An environment whose HOME is a fresh directory, so no developer's config file is read. */
  private Map<String, String> env(String... kv) {
    Map<String, String> m = new HashMap<>();
    m.put("HOME", home.toString());
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  private Path configFile(String toml) throws IOException {
    Path file = home.resolve(".config/temporalio/temporal.toml");
    Files.createDirectories(file.getParent());
    Files.writeString(file, toml);
    return file;
  }

  @Test
  void temporalNamesAreReadAsTheCliReadsThem() throws IOException {
    Path ca = Files.writeString(home.resolve("ca.pem"), "not read until connecting");
    TemporalConnectionConfig c =
        TemporalConnectionConfig.fromEnvironment(
            env(
                "TEMPORAL_ADDRESS", "temporal.example.edu:7233",
                "TEMPORAL_NAMESPACE", "tqd",
                "TEMPORAL_TLS_SERVER_CA_CERT_PATH", ca.toString(),
                "TEMPORAL_TLS_SERVER_NAME", "temporal.internal"));
    assertThat(c.address()).isEqualTo("temporal.example.edu:7233");
    assertThat(c.namespace()).isEqualTo("tqd");
    assertThat(c.usesTls()).isTrue();
    assertThat(c.usesApiKey()).isFalse();
    assertThat(c.source()).isEqualTo("environment");
  }

  @Test
  void anApiKeyTurnsTlsOnAndIsSentWithEveryCall() {
    TemporalConnectionConfig c =
        TemporalConnectionConfig.fromEnvironment(
            env(
                "TEMPORAL_ADDRESS", "tqd.a1b2c.tmprl.cloud:7233",
                "TEMPORAL_NAMESPACE", "tqd.a1b2c",
                "TEMPORAL_API_KEY", "secret-key-value"));
    assertThat(c.usesTls()).isTrue();
    assertThat(c.usesApiKey()).isTrue();
    WorkflowServiceStubsOptions options = c.stubsOptions();
    assertThat(options.getEnableHttps()).isTrue();
    assertThat(options.getTarget()).isEqualTo("tqd.a1b2c.tmprl.cloud:7233");
    assertThat(c.toString()).doesNotContain("secret-key-value").contains("apiKey=***");
  }

  @Test
  void theCliBooleanFormsAreReadAndNormalised() {
    // Temporal's Java module reads anything but "true" as false: TEMPORAL_TLS=1 would turn TLS off.
    for (String yes : List.of("1", "t", "T", "TRUE", "True", "true", "yes", "on")) {
      TemporalConnectionConfig c =
          TemporalConnectionConfig.fromEnvironment(
              env("TEMPORAL_ADDRESS", "x:7233", "TEMPORAL_TLS", yes));
      assertThat(c.usesTls()).as(yes).isTrue();
      assertThat(c.stubsOptions().getSslContext()).as(yes).isNotNull();
    }
    for (String no : List.of("0", "f", "F", "FALSE", "false", "no", "off")) {
      TemporalConnectionConfig c =
          TemporalConnectionConfig.fromEnvironment(
              env("TEMPORAL_ADDRESS", "x:7233", "TEMPORAL_TLS", no));
      assertThat(c.usesTls()).as(no).isFalse();
      assertThat(c.stubsOptions().getSslContext()).as(no).isNull();
    }
    assertThatThrownBy(
            () ->
                TemporalConnectionConfig.fromEnvironment(
                    env(
                        "TEMPORAL_ADDRESS",
                        "x:7233",
                        "TEMPORAL_TLS_DISABLE_HOST_VERIFICATION",
                        "sometimes")))
        .hasMessageContaining(
            "TEMPORAL_TLS_DISABLE_HOST_VERIFICATION must be true or false, got 'sometimes'");
  }

  @Test
  void theOldNamesStillWorkWithADeprecationWarning() {
    List<String> warnings = new ArrayList<>();
    TemporalConnectionConfig c =
        TemporalConnectionConfig.fromEnvironment(
            env(
                "TEMPORAL_ADDRESS", "x:7233",
                "TEMPORAL_TLS_CERT", "/etc/tqd/client.pem",
                "TEMPORAL_TLS_KEY", "/etc/tqd/client.key",
                "TEMPORAL_TLS_CA", "/etc/tqd/ca.pem"),
            warnings::add);
    assertThat(c.usesTls()).isTrue();
    assertThat(warnings)
        .containsExactlyInAnyOrder(
            "TEMPORAL_TLS_CERT is deprecated: rename it TEMPORAL_TLS_CLIENT_CERT_PATH (Temporal's"
                + " name, which the temporal CLI reads too)",
            "TEMPORAL_TLS_KEY is deprecated: rename it TEMPORAL_TLS_CLIENT_KEY_PATH (Temporal's"
                + " name, which the temporal CLI reads too)",
            "TEMPORAL_TLS_CA is deprecated: rename it TEMPORAL_TLS_SERVER_CA_CERT_PATH (Temporal's"
                + " name, which the temporal CLI reads too)");
    // The old name reaches the same place: a missing file is reported under the new name.
    assertThatThrownBy(c::stubsOptions)
        .hasMessageContaining("TEMPORAL_TLS_CLIENT_CERT_PATH")
        .hasMessageContaining("/etc/tqd/client.pem");
    assertThatThrownBy(
            () ->
                TemporalConnectionConfig.fromEnvironment(
                    env(
                        "TEMPORAL_ADDRESS", "x:7233",
                        "TEMPORAL_TLS_CA", "/a.pem",
                        "TEMPORAL_TLS_SERVER_CA_CERT_PATH", "/b.pem")))
        .hasMessageContaining(
            "TEMPORAL_TLS_CA and TEMPORAL_TLS_SERVER_CA_CERT_PATH are both set, to different files");
  }

  @Test
  void emptyValuesCountAsUnset() throws IOException {
    configFile(
        """
        [profile.default]
        address = "temporal.example.edu:7233"
        namespace = "prod"
        """);
    // compose passes an optional setting left empty in .env as an empty string.
    TemporalConnectionConfig c =
        TemporalConnectionConfig.fromEnvironment(
            env("TEMPORAL_ADDRESS", "", "TEMPORAL_NAMESPACE", " ", "TEMPORAL_TLS", ""));
    assertThat(c.address()).isEqualTo("temporal.example.edu:7233");
    assertThat(c.namespace()).isEqualTo("prod");
  }

  @Test
  void aProfileIsReadFromTheConfigFileUnderHomeAndTheEnvironmentWins() throws IOException {
    Path file =
        configFile(
            """
            [profile.default]
            address = "localhost:7233"

            [profile.prod]
            address = "temporal.example.edu:7233"
            namespace = "tqd"
            [profile.prod.tls]
            server_name = "temporal.internal"
            """);
    TemporalConnectionConfig c =
        TemporalConnectionConfig.fromEnvironment(env("TEMPORAL_PROFILE", "prod"));
    assertThat(c.address()).isEqualTo("temporal.example.edu:7233");
    assertThat(c.namespace()).isEqualTo("tqd");
    assertThat(c.usesTls()).isTrue();
    assertThat(c.source()).isEqualTo("profile 'prod' of " + file + " and the environment");

    TemporalConnectionConfig overridden =
        TemporalConnectionConfig.fromEnvironment(
            env("TEMPORAL_PROFILE", "prod", "TEMPORAL_NAMESPACE", "other"));
    assertThat(overridden.namespace()).isEqualTo("other");

    assertThat(TemporalConnectionConfig.fromEnvironment(env()).address())
        .isEqualTo("localhost:7233");
  }

  @Test
  void xdgConfigHomeComesBeforeHome() throws IOException {
    Path xdg = home.resolve("xdg");
    Files.createDirectories(xdg.resolve("temporalio"));
    Files.writeString(
        xdg.resolve("temporalio/temporal.toml"),
        "[profile.default]\naddress = \"xdg.example.edu:7233\"\n");
    assertThat(
            TemporalConnectionConfig.fromEnvironment(env("XDG_CONFIG_HOME", xdg.toString()))
                .address())
        .isEqualTo("xdg.example.edu:7233");
    assertThat(TemporalConnectionConfig.configFile(env("XDG_CONFIG_HOME", xdg.toString())))
        .isEqualTo(xdg.resolve("temporalio/temporal.toml"));
    assertThat(TemporalConnectionConfig.configFile(env()))
        .isEqualTo(home.resolve(".config/temporalio/temporal.toml"));
  }

  @Test
  void whatTheModuleWouldIgnoreIsRefused() throws IOException {
    assertThatThrownBy(() -> TemporalConnectionConfig.fromEnvironment(env("TEMPORAL_PROFILE", "x")))
        .hasMessageContaining("TEMPORAL_PROFILE is 'x' but there is no Temporal config file at");
    assertThatThrownBy(
            () ->
                TemporalConnectionConfig.fromEnvironment(
                    env("TEMPORAL_CONFIG_FILE", home.resolve("nope.toml").toString())))
        .hasMessageContaining("TEMPORAL_CONFIG_FILE names")
        .hasMessageContaining("which does not exist");
    Path file =
        configFile(
            """
            [profile.default]
            address = "temporal.example.edu:7233"
            [profile.default.tls]
            server_ca_cert_pth = "/etc/ca.pem"
            """);
    assertThatThrownBy(() -> TemporalConnectionConfig.fromEnvironment(env()))
        .hasMessageContaining("cannot read the Temporal config file " + file)
        .hasMessageContaining("server_ca_cert_pth");
    configFile("[profile.default]\naddress = \"temporal.example.edu:7233\"\n");
    assertThatThrownBy(
            () -> TemporalConnectionConfig.fromEnvironment(env("TEMPORAL_PROFILE", "staging")))
        .hasMessageContaining("TEMPORAL_PROFILE is 'staging' but " + file)
        .hasMessageContaining("has no [profile.staging]");
  }

  @Test
  void contradictionsAndMalformedAddressesAreRefused() {
    assertThatThrownBy(
            () ->
                TemporalConnectionConfig.fromEnvironment(
                    env(
                        "TEMPORAL_ADDRESS", "x:7233",
                        "TEMPORAL_TLS", "false",
                        "TEMPORAL_TLS_SERVER_CA_CERT_PATH", "/ca.pem")))
        .hasMessageContaining("TLS is turned off")
        .hasMessageContaining("they would be ignored");
    assertThatThrownBy(
            () ->
                TemporalConnectionConfig.fromEnvironment(
                    env("TEMPORAL_ADDRESS", "x:7233", "TEMPORAL_TLS_CLIENT_KEY_PATH", "/k.pem")))
        .hasMessageContaining("only the key is set");
    for (String bad :
        List.of("temporal", "http://temporal:7233", "temporal:port", "temporal:70000", "a b:1")) {
      assertThatThrownBy(
              () -> TemporalConnectionConfig.fromEnvironment(env("TEMPORAL_ADDRESS", bad)))
          .as(bad)
          .hasMessageContaining("TEMPORAL_ADDRESS must be host:port of the Temporal frontend")
          .hasMessageContaining("got '" + bad + "'");
    }
    assertThat(TemporalConnectionConfig.fromEnvironment(env("TEMPORAL_ADDRESS", "[::1]:7233")))
        .isNotNull();
    assertThatThrownBy(() -> TemporalConnectionConfig.fromEnvironment(env("TEMPORAL_API_KEY", "k")))
        .hasMessageContaining("TEMPORAL_API_KEY is set but TEMPORAL_ADDRESS is not");
  }
}
