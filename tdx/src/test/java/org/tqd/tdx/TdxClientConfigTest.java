package org.tqd.tdx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TdxClientConfigTest {

  private static final String BEID = "11111111-2222-3333-4444-555555555555";
  private static final String KEY = "99999999-8888-7777-6666-000000000000";

  private static Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  @Test
  void normalisesBaseUrls() {
    assertThat(TdxClientConfig.normalizeBaseUrl("https://h.example/TDWebApi/api/"))
        .isEqualTo("https://h.example/TDWebApi/api");
    assertThat(TdxClientConfig.normalizeBaseUrl(" https://h.example//SBTDWebApi//api// "))
        .isEqualTo("https://h.example/SBTDWebApi/api");
    assertThat(TdxClientConfig.normalizeBaseUrl("HTTP://127.0.0.1:8080/TDWebApi/api"))
        .isEqualTo("http://127.0.0.1:8080/TDWebApi/api");
  }

  @Test
  void rejectsBaseUrlsThatAreNotAbsoluteHttp() {
    assertThatThrownBy(() -> TdxClientConfig.normalizeBaseUrl("h.example/TDWebApi/api"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be absolute");
    assertThatThrownBy(() -> TdxClientConfig.normalizeBaseUrl("ftp://h/TDWebApi/api"))
        .hasMessageContaining("must be absolute");
    assertThatThrownBy(() -> TdxClientConfig.normalizeBaseUrl("https://h/TDWebApi/api?x=1"))
        .hasMessageContaining("query");
    assertThatThrownBy(() -> TdxClientConfig.normalizeBaseUrl("https://h/a b"))
        .hasMessageContaining("is not a URL");
  }

  @Test
  void buildsFromThePythonDaemonsVariables() {
    TdxClientConfig config =
        TdxClientConfig.fromEnvironment(
                env(
                    "TDX_BASE_URL",
                    "https://h.example/TDWebApi/api/",
                    "TDX_APP_ID",
                    "48",
                    "TDX_BEID",
                    BEID,
                    "TDX_WEB_SERVICES_KEY",
                    KEY))
            .build();

    assertThat(config.baseUrl()).isEqualTo("https://h.example/TDWebApi/api");
    assertThat(config.assetAppId()).isEqualTo(48);
    assertThat(config.ticketAppId()).isEqualTo(46);
    assertThat(config.credentials()).isEqualTo(new TdxCredentials.WebServicesKey(BEID, KEY));
    assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.rateLimitMode()).isEqualTo(RateLimitMode.SURFACE);
    assertThat(config.max429Retries()).isEqualTo(3);
  }

  @Test
  void ticketAppIdComesFromItsVariableWhenSet() {
    TdxClientConfig config =
        TdxClientConfig.fromEnvironment(
                env(
                    "TDX_BASE_URL", "https://h/TDWebApi/api",
                    "TDX_APP_ID", "48",
                    "TDX_TICKET_APP_ID", " 31 ",
                    "TDX_API_TOKEN", "abc"))
            .build();

    assertThat(config.ticketAppId()).isEqualTo(31);
  }

  @Test
  void missingOrMalformedVariablesAreNamed() {
    assertThatThrownBy(() -> TdxClientConfig.fromEnvironment(env("TDX_APP_ID", "48")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("TDX_BASE_URL is not set")
        .hasMessageContaining("/TDWebApi/api");
    assertThatThrownBy(
            () -> TdxClientConfig.fromEnvironment(env("TDX_BASE_URL", "https://h/TDWebApi/api")))
        .hasMessageStartingWith("TDX_APP_ID is not set");
    assertThatThrownBy(
            () ->
                TdxClientConfig.fromEnvironment(
                    env("TDX_BASE_URL", "https://h/TDWebApi/api", "TDX_APP_ID", "assets")))
        .hasMessage("TDX_APP_ID must be a positive application ID (a number), not 'assets'");
    assertThatThrownBy(
            () ->
                TdxClientConfig.fromEnvironment(
                    env(
                        "TDX_BASE_URL", "https://h/TDWebApi/api",
                        "TDX_APP_ID", "48",
                        "TDX_TICKET_APP_ID", "-1")))
        .hasMessageStartingWith("TDX_TICKET_APP_ID must be a positive");
    assertThatThrownBy(
            () ->
                TdxClientConfig.fromEnvironment(
                    env("TDX_BASE_URL", "https://h/TDWebApi/api", "TDX_APP_ID", "48")))
        .hasMessageStartingWith("no TDX credentials: set TDX_BEID and TDX_WEB_SERVICES_KEY");
  }

  @Test
  void builderRequiresBaseUrlAssetAppAndCredentials() {
    assertThatThrownBy(() -> TdxClientConfig.builder().build())
        .hasMessageContaining("base URL is not set");
    assertThatThrownBy(() -> TdxClientConfig.builder().baseUrl("https://h/TDWebApi/api").build())
        .hasMessageContaining("asset application ID is not set");
    assertThatThrownBy(
            () ->
                TdxClientConfig.builder().baseUrl("https://h/TDWebApi/api").assetAppId(48).build())
        .hasMessageContaining("credentials are not set");
    assertThatThrownBy(() -> TdxClientConfig.builder().requestTimeout(Duration.ZERO))
        .hasMessageContaining("requestTimeout must be positive");
  }

  @Test
  void toStringShowsNoSecrets() {
    TdxClientConfig config =
        TdxClientConfig.builder()
            .baseUrl("https://h/TDWebApi/api")
            .assetAppId(48)
            .credentials(new TdxCredentials.WebServicesKey(BEID, KEY))
            .build();

    assertThat(config.toString())
        .contains("https://h/TDWebApi/api", BEID, "key=****")
        .doesNotContain(KEY);
    assertThat(new TdxClient(config).toString()).doesNotContain(KEY);
  }
}
