package org.tqd.tdx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TdxCredentialsTest {

  private static Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  @Test
  void toStringNeverShowsSecrets() {
    assertThat(new TdxCredentials.WebServicesKey("beid-1", "key-secret").toString())
        .isEqualTo("WebServicesKey[beid=beid-1, key=****]");
    assertThat(new TdxCredentials.UsernamePassword("svc", "pw-secret").toString())
        .isEqualTo("UsernamePassword[username=svc, password=****]");
    assertThat(new TdxCredentials.StaticToken("tok-secret").toString())
        .isEqualTo("StaticToken[token=****]");
  }

  @Test
  void redactsSecretsInForeignText() {
    TdxCredentials c = new TdxCredentials.WebServicesKey("beid-1", "key-secret");

    assertThat(c.redact("bad key key-secret for beid-1")).isEqualTo("bad key **** for beid-1");
    assertThat(new TdxCredentials.UsernamePassword("u", "pw").redact("pw?")).isEqualTo("****?");
    assertThat(c.redact(null)).isNull();
  }

  @Test
  void staticTokenLosesQuotesAndWhitespace() {
    assertThat(new TdxCredentials.StaticToken(" \"eyJ.a.b\"\n").token()).isEqualTo("eyJ.a.b");
    assertThatThrownBy(() -> new TdxCredentials.StaticToken("\"\""))
        .hasMessageContaining("token is empty");
    assertThat(new TdxCredentials.StaticToken("t").canRenew()).isFalse();
    assertThat(new TdxCredentials.UsernamePassword("u", "p").canRenew()).isTrue();
  }

  @Test
  void environmentPrefersKeyThenPasswordThenToken() {
    Map<String, String> all =
        env(
            "TDX_BEID", "b",
            "TDX_WEB_SERVICES_KEY", "k",
            "TDX_USERNAME", "u",
            "TDX_PASSWORD", "p",
            "TDX_API_TOKEN", "t");
    assertThat(TdxCredentials.fromEnvironment(all))
        .isEqualTo(new TdxCredentials.WebServicesKey("b", "k"));

    all.remove("TDX_BEID");
    all.put("TDX_WEB_SERVICES_KEY", " ");
    assertThat(TdxCredentials.fromEnvironment(all))
        .isEqualTo(new TdxCredentials.UsernamePassword("u", "p"));

    all.remove("TDX_PASSWORD");
    all.remove("TDX_USERNAME");
    assertThat(TdxCredentials.fromEnvironment(all)).isEqualTo(new TdxCredentials.StaticToken("t"));
  }

  @Test
  void halfAPairNamesTheMissingVariable() {
    assertThatThrownBy(() -> TdxCredentials.fromEnvironment(env("TDX_BEID", "b")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("TDX_BEID is set but TDX_WEB_SERVICES_KEY is not");
    assertThatThrownBy(
            () -> TdxCredentials.fromEnvironment(env("TDX_WEB_SERVICES_KEY", "k-secret")))
        .hasMessageStartingWith("TDX_WEB_SERVICES_KEY is set but TDX_BEID is not")
        .hasMessageNotContaining("k-secret");
    assertThatThrownBy(
            () -> TdxCredentials.fromEnvironment(env("TDX_PASSWORD", "pw", "TDX_API_TOKEN", "t")))
        .hasMessageStartingWith("TDX_PASSWORD is set but TDX_USERNAME is not");
    assertThatThrownBy(() -> TdxCredentials.fromEnvironment(env()))
        .hasMessageContaining("TDX_USERNAME and TDX_PASSWORD")
        .hasMessageContaining("TDX_API_TOKEN");
  }
}
