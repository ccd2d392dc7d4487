package org.tqd.tdx.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Reads the validity of a TDX token. TDX signs its JWTs with a key only it knows, so the signature
 * is not checked: the claims serve only to decide when to log in again.
 */
public final class Jwt {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Jwt() {}

  /** The validity window of a token: {@code nbf} (may be null) and {@code exp}. */
  public record Validity(Instant notBefore, Instant expiresAt) {}

  /**
   * Cleans a token as TDX returns it from a login: trims whitespace and removes surrounding JSON
   * quotes, which some TDX versions add.
   */
  public static String clean(String raw) {
    if (raw == null) {
      return "";
    }
    String token = raw.strip();
    if (token.length() >= 2 && token.startsWith("\"") && token.endsWith("\"")) {
      token = token.substring(1, token.length() - 1).strip();
    }
    return token;
  }

  /**
   * Decodes the {@code exp} (and {@code nbf}) claims of a JWT's payload. Empty when the token is
   * not a JWT or has no numeric {@code exp}.
   */
  public static Optional<Validity> validity(String token) {
    if (token == null) {
      return Optional.empty();
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length < 2 || parts[1].isEmpty()) {
      return Optional.empty();
    }
    try {
      byte[] payload = Base64.getUrlDecoder().decode(parts[1]);
      JsonNode claims = JSON.readTree(new String(payload, StandardCharsets.UTF_8));
      if (claims == null || !claims.path("exp").isNumber()) {
        return Optional.empty();
      }
      Instant exp = Instant.ofEpochSecond(claims.get("exp").asLong());
      Instant nbf =
          claims.path("nbf").isNumber() ? Instant.ofEpochSecond(claims.get("nbf").asLong()) : null;
      return Optional.of(new Validity(nbf, exp));
    } catch (IllegalArgumentException | java.io.IOException e) {
      return Optional.empty();
    }
  }
}
