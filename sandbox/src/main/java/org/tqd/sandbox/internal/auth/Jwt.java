package org.tqd.sandbox.internal.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.tqd.sandbox.internal.json.Json;

/**
 * HS256 JSON Web Tokens shaped like TDX's: header {@code {"typ":"JWT","alg":"HS256"}}, claims
 * {@code iss "TD"}, {@code aud "https://www.teamdynamix.com/"}, {@code nbf}, {@code exp} and {@code
 * unique_name}.
 */
public final class Jwt {

  /** The issuer TDX puts in its tokens. */
  public static final String ISSUER = "TD";

  /** The audience TDX puts in its tokens. */
  public static final String AUDIENCE = "https://www.teamdynamix.com/";

  /** The verified claims of a token. */
  public record Claims(String uniqueName, long notBefore, long expires) {}

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  private final byte[] secret;
  private final ThreadLocal<Mac> mac = ThreadLocal.withInitial(this::newMac);

  public Jwt(byte[] secret) {
    this.secret = secret.clone();
  }

  /** Issues a token valid from {@code nbf} to {@code exp} (epoch seconds). */
  public String issue(String uniqueName, long nbf, long exp) {
    ObjectNode header = Json.object().put("typ", "JWT").put("alg", "HS256");
    ObjectNode claims =
        Json.object()
            .put("unique_name", uniqueName)
            .put("iss", ISSUER)
            .put("aud", AUDIENCE)
            .put("exp", exp)
            .put("nbf", nbf);
    String signingInput =
        B64.encodeToString(Json.bytes(header)) + "." + B64.encodeToString(Json.bytes(claims));
    return signingInput + "." + B64.encodeToString(sign(signingInput));
  }

  /**
   * Verifies signature, issuer, audience and validity at {@code nowSeconds}. Returns null for any
   * token that is malformed, forged, not yet valid or expired.
   */
  public Claims verify(String token, long nowSeconds) {
    if (token == null) {
      return null;
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      return null;
    }
    try {
      byte[] expected = sign(parts[0] + "." + parts[1]);
      if (!MessageDigest.isEqual(expected, B64D.decode(parts[2]))) {
        return null;
      }
      JsonNode claims = Json.parse(B64D.decode(parts[1]));
      if (!ISSUER.equals(claims.path("iss").asText())
          || !AUDIENCE.equals(claims.path("aud").asText())) {
        return null;
      }
      long nbf = claims.path("nbf").asLong();
      long exp = claims.path("exp").asLong();
      if (nowSeconds < nbf || nowSeconds >= exp) {
        return null;
      }
      return new Claims(claims.path("unique_name").asText(), nbf, exp);
    } catch (IllegalArgumentException | java.io.IOException e) {
      return null;
    }
  }

  private byte[] sign(String input) {
    return mac.get().doFinal(input.getBytes(StandardCharsets.US_ASCII));
  }

  private Mac newMac() {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(new SecretKeySpec(secret, "HmacSHA256"));
      return m;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
