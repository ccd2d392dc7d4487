package org.tqd.console.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks an OIDC access or ID token from the Temporal Web UI against its issuer's published keys
 * (Nimbus JOSE + JWT): the signature (RSA or EC keys from the issuer's JWKS, found through {@code
 * /.well-known/openid-configuration}, cached and refreshed when the issuer rotates), {@code iss},
 * {@code exp} and {@code nbf} (60 s of clock skew), and {@code aud} when an audience is set.
 *
 * <p>The caller's role comes from a claim ({@link OidcSettings#roleClaim()}, a string or a list of
 * strings; the highest role named wins), else from {@link OidcSettings#defaultRole()}, else none
 * (every permission is then refused with 403).
 */
public final class OidcVerifier {

  private static final Logger log = LoggerFactory.getLogger(OidcVerifier.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final OidcSettings settings;
  private final HttpClient http;
  private volatile DefaultJWTProcessor<SecurityContext> processor;

  public OidcVerifier(OidcSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  /**
   * The caller this token proves.
   *
   * @throws AuthException 401 when the token is not valid (the message says why, never the token)
   */
  public Caller verify(String token) {
    JWTClaimsSet claims;
    try {
      claims = processor().process(token, null);
    } catch (BadJOSEException e) {
      throw AuthException.unauthenticated("the OIDC token is not valid: " + e.getMessage());
    } catch (java.text.ParseException e) {
      throw AuthException.unauthenticated("the bearer token is neither a tqd token nor a JWT");
    } catch (com.nimbusds.jose.JOSEException e) {
      throw AuthException.unauthenticated("the OIDC token cannot be checked: " + e.getMessage());
    }
    return new Caller(name(claims), role(claims), "oidc");
  }

  private DefaultJWTProcessor<SecurityContext> processor() {
    DefaultJWTProcessor<SecurityContext> p = processor;
    if (p == null) {
      synchronized (this) {
        if (processor == null) {
          processor = build();
        }
        p = processor;
      }
    }
    return p;
  }

  private DefaultJWTProcessor<SecurityContext> build() {
    URL jwks = jwksUri();
    JWKSource<SecurityContext> keys = JWKSourceBuilder.create(jwks).retrying(true).build();
    DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
    Set<JWSAlgorithm> algorithms = new HashSet<>();
    algorithms.addAll(JWSAlgorithm.Family.RSA);
    algorithms.addAll(JWSAlgorithm.Family.EC);
    p.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, keys));
    // Access tokens of some issuers carry typ "at+jwt": accept it as well as JWT and none.
    p.setJWSTypeVerifier((type, context) -> {});
    DefaultJWTClaimsVerifier<SecurityContext> claims =
        new DefaultJWTClaimsVerifier<>(
            settings.audience(),
            new JWTClaimsSet.Builder().issuer(settings.issuer()).build(),
            Set.of("exp", "sub"));
    claims.setMaxClockSkew(60);
    p.setJWTClaimsSetVerifier(claims);
    log.info("console: OIDC tokens of {} checked against {}", settings.issuer(), jwks);
    return p;
  }

  private URL jwksUri() {
    String issuer = settings.issuer();
    URI discovery =
        URI.create(
            (issuer.endsWith("/") ? issuer : issuer + "/") + ".well-known/openid-configuration");
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(discovery).timeout(Duration.ofSeconds(10)).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw AuthException.unauthenticated(
            "OIDC tokens cannot be checked now: "
                + discovery
                + " answered "
                + response.statusCode());
      }
      JsonNode doc = JSON.readTree(response.body());
      String jwks = doc.path("jwks_uri").asText(null);
      if (jwks == null) {
        throw AuthException.unauthenticated(
            "OIDC tokens cannot be checked: " + discovery + " names no jwks_uri");
      }
      return URI.create(jwks).toURL();
    } catch (IOException e) {
      log.warn("console: cannot read {}: {}", discovery, e.getMessage());
      throw AuthException.unauthenticated(
          "OIDC tokens cannot be checked now: " + discovery + " cannot be read");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw AuthException.unauthenticated("interrupted");
    }
  }

  private static String name(JWTClaimsSet claims) {
    for (String claim : List.of("email", "preferred_username")) {
      Object v = claims.getClaim(claim);
      if (v instanceof String s && !s.isBlank()) {
        return s;
      }
    }
    return claims.getSubject();
  }

  private Role role(JWTClaimsSet claims) {
    Object value = claims.getClaim(settings.roleClaim());
    Role best = null;
    if (value instanceof String s) {
      best = max(best, parse(s));
    } else if (value instanceof List<?> list) {
      for (Object o : list) {
        if (o instanceof String s) {
          best = max(best, parse(s));
        }
      }
    }
    return best != null ? best : settings.defaultRole();
  }

  private static Role parse(String s) {
    try {
      return Role.of(s);
    } catch (IllegalArgumentException notARole) {
      return null;
    }
  }

  private static Role max(Role a, Role b) {
    if (a == null) {
      return b;
    }
    return b == null || a.ordinal() >= b.ordinal() ? a : b;
  }
}
