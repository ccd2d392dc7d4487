package org.tqd.tdx;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/** Builds unsigned JWT-shaped tokens for tests. */
public final class Tokens {
  private Tokens() {}

  public static String jwt(String payloadJson) {
    Base64.Encoder enc = Base64.getUrlEncoder().withoutPadding();
    return enc.encodeToString(
            "{\"typ\":\"JWT\",\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8))
        + "."
        + enc.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8))
        + ".c2lnbmF0dXJl";
  }

  public static String jwt(Instant nbf, Instant exp) {
    return jwt(
        "{\"iss\":\"TD\",\"aud\":\"https://www.teamdynamix.com/\",\"nbf\":"
            + nbf.getEpochSecond()
            + ",\"exp\":"
            + exp.getEpochSecond()
            + ",\"unique_name\":\"svc\"}");
  }
}
