package org.tqd.tdx.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.tqd.tdx.Tokens;

class JwtTest {

  @Test
  void decodesExpiryAndNotBeforeOfTheDocumentedSampleShape() {
    String token = Tokens.jwt(Instant.ofEpochSecond(1400705074), Instant.ofEpochSecond(1400791474));

    assertThat(Jwt.validity(token))
        .contains(
            new Jwt.Validity(Instant.ofEpochSecond(1400705074), Instant.ofEpochSecond(1400791474)));
  }

  @Test
  void decodesPayloadsThatNeedBase64Padding() {
    for (String name : new String[] {"a", "ab", "abc", "abcd"}) {
      String token = Tokens.jwt("{\"exp\":1700000000,\"unique_name\":\"" + name + "\"}");
      assertThat(Jwt.validity(token).map(Jwt.Validity::expiresAt))
          .contains(Instant.ofEpochSecond(1700000000));
    }
  }

  @Test
  void reportsNoValidityForTokensWithoutExpiryOrThatAreNotJwts() {
    assertThat(Jwt.validity(Tokens.jwt("{\"nbf\":1}"))).isEmpty();
    assertThat(Jwt.validity(Tokens.jwt("{\"exp\":\"soon\"}"))).isEmpty();
    assertThat(Jwt.validity("opaque-token")).isEmpty();
    assertThat(Jwt.validity("a.!!!.c")).isEmpty();
    assertThat(Jwt.validity("a..c")).isEmpty();
    assertThat(Jwt.validity(null)).isEmpty();
  }

  @Test
  void cleanTrimsAndStripsJsonQuotes() {
    assertThat(Jwt.clean("  eyJ.a.b\r\n")).isEqualTo("eyJ.a.b");
    assertThat(Jwt.clean("\"eyJ.a.b\"")).isEqualTo("eyJ.a.b");
    assertThat(Jwt.clean(" \"eyJ.a.b\" \n")).isEqualTo("eyJ.a.b");
    assertThat(Jwt.clean("\"")).isEqualTo("\"");
    assertThat(Jwt.clean(null)).isEmpty();
  }
}
