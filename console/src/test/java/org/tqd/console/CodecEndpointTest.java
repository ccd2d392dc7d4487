package org.tqd.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.util.JsonFormat;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.javalin.Javalin;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.common.converter.DefaultDataConverter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tqd.activities.ledger.Database;
import org.tqd.console.auth.Authenticator;
import org.tqd.console.auth.OidcSettings;
import org.tqd.console.auth.OidcVerifier;
import org.tqd.console.auth.Role;
import org.tqd.console.auth.TokenStore;
import org.tqd.console.codec.CodecEndpoint;
import org.tqd.worker.codec.AesGcmPayloadCodec;
import org.tqd.worker.codec.CodecKeys;

/**
 * The codec endpoint over real HTTP: console tokens from a real PostgreSQL, OIDC tokens checked
 * against keys an issuer in this test serves (discovery document and JWKS over HTTP), CORS, and the
 * 401/403/429 bodies.
 */
class CodecEndpointTest {

  @RegisterExtension static final PostgresExtension PG = new PostgresExtension();

  static final String SECRET = "Laptop of Jane Roe <jroe@example.edu> will not boot";
  static final String UI_ORIGIN = "http://temporal-ui.example.edu:8080";
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();

  static AesGcmPayloadCodec codec;
  static TokenStore tokens;
  static String viewer;
  static String operator;
  static Javalin issuer;
  static String issuerUrl;
  static RSAKey issuerKey;
  static ConsoleServer console;
  static String base;

  @BeforeAll
  static void start() throws Exception {
    byte[] key = new byte[32];
    key[0] = 7;
    codec =
        new AesGcmPayloadCodec(
            CodecKeys.parse("k1=" + Base64.getEncoder().encodeToString(key), null, "test"));
    Database db = PG.connect();
    tokens = new TokenStore(db.jdbi());
    viewer = tokens.create("help-desk", Role.VIEWER, "test").token();
    operator = tokens.create("ops", Role.OPERATOR, "test").token();

    issuerKey = new RSAKeyGenerator(2048).keyID("issuer-key-1").generate();
    issuer =
        Javalin.create(
            cfg -> {
              cfg.startup.showJavalinBanner = false;
              cfg.routes.get(
                  "/.well-known/openid-configuration",
                  ctx ->
                      ctx.contentType("application/json")
                          .result(
                              JSON.writeValueAsString(
                                  Map.of("issuer", issuerUrl, "jwks_uri", issuerUrl + "/jwks"))));
              cfg.routes.get(
                  "/jwks",
                  ctx ->
                      ctx.contentType("application/json")
                          .result(new JWKSet(issuerKey.toPublicJWK()).toString()));
            });
    issuer.start("127.0.0.1", 0);
    issuerUrl = "http://127.0.0.1:" + issuer.port();

    OidcSettings oidc =
        OidcSettings.fromEnvironment(
            Map.of("TQD_OIDC_ISSUER", issuerUrl, "TQD_OIDC_AUDIENCE", "temporal-ui"));
    Authenticator auth = new Authenticator(tokens, new OidcVerifier(oidc), Clock.systemUTC());
    ConsoleSettings settings = new ConsoleSettings("127.0.0.1", 0, List.of(UI_ORIGIN), "tqd");
    console = new ConsoleServer(settings, List.of(new CodecEndpoint(codec, auth, "tqd")));
    base = "http://127.0.0.1:" + console.start();
  }

  @AfterAll
  static void stop() {
    if (console != null) {
      console.close();
    }
    if (issuer != null) {
      issuer.stop();
    }
  }

  static Payload plain() {
    return DefaultDataConverter.STANDARD_INSTANCE.toPayload(SECRET).orElseThrow();
  }

  static String body(List<Payload> payloads) throws Exception {
    return JsonFormat.printer().print(Payloads.newBuilder().addAllPayloads(payloads));
  }

  static List<Payload> payloads(String json) throws Exception {
    Payloads.Builder b = Payloads.newBuilder();
    JsonFormat.parser().merge(json, b);
    return b.getPayloadsList();
  }

  static HttpResponse<String> post(String path, String bearer, String body, String namespace)
      throws Exception {
    HttpRequest.Builder r =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (bearer != null) {
      r.header("Authorization", "Bearer " + bearer);
    }
    if (namespace != null) {
      r.header("X-Namespace", namespace);
    }
    return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String encrypted() throws Exception {
    return body(codec.encode(List.of(plain())));
  }

  static JsonNode error(HttpResponse<String> response) throws Exception {
    return JSON.readTree(response.body()).path("error");
  }

  static String oidcToken(RSAKey key, String iss, Map<String, Object> claims, Instant expires)
      throws Exception {
    JWTClaimsSet.Builder set =
        new JWTClaimsSet.Builder()
            .issuer(iss)
            .subject("user-123")
            .audience("temporal-ui")
            .expirationTime(Date.from(expires))
            .issueTime(new Date());
    claims.forEach(set::claim);
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), set.build());
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  static Instant inAnHour() {
    return Instant.now().plusSeconds(3600);
  }

  @Test
  void decodesForAViewerToken() throws Exception {
    HttpResponse<String> r = post("/codec/decode", viewer, encrypted(), "tqd");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(payloads(r.body())).containsExactly(plain());
  }

  @Test
  void passesUnencryptedPayloadsThrough() throws Exception {
    HttpResponse<String> r = post("/codec/decode", viewer, body(List.of(plain())), null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(payloads(r.body())).containsExactly(plain());
  }

  @Test
  void encodesForAnOperatorAndRefusesAViewerWith403() throws Exception {
    HttpResponse<String> ok = post("/codec/encode", operator, body(List.of(plain())), "tqd");
    assertThat(ok.statusCode()).isEqualTo(200);
    List<Payload> sealed = payloads(ok.body());
    assertThat(AesGcmPayloadCodec.isEncrypted(sealed.get(0))).isTrue();
    assertThat(codec.decode(sealed)).containsExactly(plain());

    HttpResponse<String> refused = post("/codec/encode", viewer, body(List.of(plain())), "tqd");
    assertThat(refused.statusCode()).isEqualTo(403);
    JsonNode e = error(refused);
    assertThat(e.path("code").asText()).isEqualTo("INSUFFICIENT_PERMISSIONS");
    assertThat(e.path("required_permission").asText()).isEqualTo("actions:run");
    assertThat(e.path("user_role").asText()).isEqualTo("viewer");
    assertThat(e.path("message").asText()).isNotBlank();
  }

  @Test
  void refusesCallersWithoutAValidCredentialWith401() throws Exception {
    String sealed = encrypted();
    String revoked = tokens.create("gone", Role.ADMIN, "test").token();
    assertThat(tokens.revoke("gone")).isPresent();

    for (String bearer :
        new String[] {null, "tqd_not-a-real-token", revoked, "not.a.jwt", "garbage"}) {
      HttpResponse<String> r = post("/codec/decode", bearer, sealed, "tqd");
      assertThat(r.statusCode()).as("bearer %s", bearer).isEqualTo(401);
      assertThat(error(r).path("code").asText()).isEqualTo("UNAUTHENTICATED");
      assertThat(r.body()).doesNotContain("Jane Roe");
      if (bearer != null) {
        assertThat(r.body()).doesNotContain(bearer);
      }
    }
  }

  @Test
  void acceptsOidcTokensSignedByTheIssuerWithARole() throws Exception {
    String token =
        oidcToken(issuerKey, issuerUrl, Map.of("tqd_role", List.of("viewer")), inAnHour());
    HttpResponse<String> r = post("/codec/decode", token, encrypted(), "tqd");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(payloads(r.body())).containsExactly(plain());
  }

  @Test
  void refusesOidcTokensTheIssuerDidNotSignOrThatExpired() throws Exception {
    RSAKey other = new RSAKeyGenerator(2048).keyID("issuer-key-1").generate();
    Map<String, Object> viewerRole = Map.of("tqd_role", "viewer");
    String forged = oidcToken(other, issuerUrl, viewerRole, inAnHour());
    String expired = oidcToken(issuerKey, issuerUrl, viewerRole, Instant.now().minusSeconds(3600));
    String otherIssuer = oidcToken(issuerKey, "https://evil.example", viewerRole, inAnHour());

    for (String token : List.of(forged, expired, otherIssuer)) {
      HttpResponse<String> r = post("/codec/decode", token, encrypted(), "tqd");
      assertThat(r.statusCode()).isEqualTo(401);
      assertThat(error(r).path("code").asText()).isEqualTo("UNAUTHENTICATED");
    }
  }

  @Test
  void refusesAnOidcUserWithoutARoleWith403() throws Exception {
    String token = oidcToken(issuerKey, issuerUrl, Map.of(), inAnHour());
    HttpResponse<String> r = post("/codec/decode", token, encrypted(), "tqd");
    assertThat(r.statusCode()).isEqualTo(403);
    JsonNode e = error(r);
    assertThat(e.path("code").asText()).isEqualTo("INSUFFICIENT_PERMISSIONS");
    assertThat(e.path("required_permission").asText()).isEqualTo("read");
    assertThat(e.has("user_role")).isTrue();
    assertThat(e.path("user_role").isNull()).isTrue();
  }

  @Test
  void returnsPayloadsOfAnotherNamespaceAsTheyCame() throws Exception {
    String sealed = encrypted();
    HttpResponse<String> r = post("/codec/decode", viewer, sealed, "someone-else");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(payloads(r.body())).isEqualTo(payloads(sealed));
  }

  @Test
  void answersCorsPreflightsOfTheWebUiOriginOnly() throws Exception {
    HttpResponse<String> allowed = preflight(UI_ORIGIN);
    assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).contains(UI_ORIGIN);
    assertThat(allowed.headers().firstValue("Access-Control-Allow-Credentials")).contains("true");
    assertThat(allowed.headers().firstValue("Access-Control-Allow-Headers").orElse(""))
        .containsIgnoringCase("x-namespace");

    HttpResponse<String> other = preflight("https://attacker.example");
    assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();

    // the Web UI's origin may call the codec endpoint only: never the page's session or the API
    for (String path : List.of("/auth/session", "/api/v1/queues", "/")) {
      HttpResponse<String> elsewhere = preflight(UI_ORIGIN, path);
      assertThat(elsewhere.headers().firstValue("Access-Control-Allow-Origin")).as(path).isEmpty();
    }
  }

  private static HttpResponse<String> preflight(String origin) throws Exception {
    return preflight(origin, "/codec/decode");
  }

  private static HttpResponse<String> preflight(String origin, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(base + path))
            .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "authorization,content-type,x-namespace")
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void rejectsMalformedBodiesWith400() throws Exception {
    HttpResponse<String> r = post("/codec/decode", viewer, "{not json", "tqd");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(error(r).path("code").asText()).isEqualTo("INVALID_ARGUMENT");
  }
}
