package org.tqd.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AuthTest {

  static final String DENIED = "{\"Message\":\"Authorization has been denied for this request.\"}";
  static final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T12:00:00Z"));
  static TdxSandbox sandbox;

  @BeforeAll
  static void start() {
    sandbox = TdxSandbox.builder().tickets(3).clock(clock).build().start();
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  @AfterEach
  void resetFaults() {
    sandbox.faults().reset();
  }

  private HttpResponse<String> loginAdmin() {
    return new Http(sandbox.baseUrl())
        .post(
            "/auth/loginadmin",
            "{\"BEID\":\""
                + sandbox.beid()
                + "\",\"WebServicesKey\":\""
                + sandbox.webServicesKey()
                + "\"}");
  }

  @Test
  void loginAdminReturnsJwtAsPlainText() {
    HttpResponse<String> r = loginAdmin();
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(
            ct ->
                assertThat(ct.replace(" ", "").toLowerCase())
                    .isEqualTo("text/plain;charset=utf-8"));
    String[] parts = r.body().split("\\.");
    assertThat(parts).hasSize(3);
    JsonNode header = part(parts[0]);
    assertThat(header.get("alg").asText()).isEqualTo("HS256");
    JsonNode claims = claims(r.body());
    assertThat(claims.get("iss").asText()).isEqualTo("TD");
    assertThat(claims.get("aud").asText()).isEqualTo("https://www.teamdynamix.com/");
    assertThat(claims.get("nbf").asLong()).isEqualTo(clock.instant().getEpochSecond());
    assertThat(claims.get("exp").asLong() - claims.get("nbf").asLong()).isEqualTo(86_400);
    assertThat(claims.get("unique_name").asText()).isNotBlank();
  }

  @Test
  void userLoginAcceptsAnyPropertyCasingOnBothPaths() {
    Http http = new Http(sandbox.baseUrl());
    String lower =
        "{\"username\":\"" + sandbox.username() + "\",\"password\":\"" + sandbox.password() + "\"}";
    String pascal =
        "{\"UserName\":\"" + sandbox.username() + "\",\"Password\":\"" + sandbox.password() + "\"}";
    assertThat(http.post("/auth", lower).statusCode()).isEqualTo(200);
    assertThat(http.post("/auth/login", pascal).statusCode()).isEqualTo(200);
    assertThat(new Http(sandbox.sandboxBaseUrl()).post("/AUTH/LOGIN", pascal).statusCode())
        .isEqualTo(200);
  }

  @Test
  void badCredentialsAre401WithMessage() {
    Http http = new Http(sandbox.baseUrl());
    HttpResponse<String> r =
        http.post(
            "/auth/login", "{\"username\":\"" + sandbox.username() + "\",\"password\":\"nope\"}");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(Http.json(r).get("Message").asText()).isNotBlank();
    HttpResponse<String> admin =
        http.post(
            "/auth/loginadmin",
            "{\"BEID\":\"" + sandbox.beid() + "\",\"WebServicesKey\":\"" + sandbox.beid() + "\"}");
    assertThat(admin.statusCode()).isEqualTo(401);
    HttpResponse<String> notGuid =
        http.post("/auth/loginadmin", "{\"BEID\":\"abc\",\"WebServicesKey\":\"def\"}");
    assertThat(notGuid.statusCode()).isEqualTo(400);
    assertThat(Http.json(notGuid).get("Message").asText()).contains("BEID");
  }

  @Test
  void quotedTokenModeQuotesTheToken() {
    sandbox.faults().quotedToken(true);
    String body = loginAdmin().body();
    assertThat(body).startsWith("\"eyJ").endsWith("\"");
    Http http = new Http(sandbox.baseUrl()).token(body.substring(1, body.length() - 1));
    assertThat(http.get("/auth/getuser").statusCode()).isEqualTo(200);
  }

  @Test
  void getUserReturnsTheTokensUser() {
    Http http = new Http(sandbox.baseUrl());
    String token =
        http.post(
                "/auth",
                "{\"UserName\":\""
                    + sandbox.username()
                    + "\",\"Password\":\""
                    + sandbox.password()
                    + "\"}")
            .body();
    JsonNode user = Http.json(http.token(token).get("/auth/getuser"));
    assertThat(user.get("UserName").asText()).isEqualTo(sandbox.username());
    assertThat(user.get("UID").asText()).isEqualTo(sandbox.apiUserUid().toString());
  }

  @Test
  void missingForgedAndExpiredTokensAreDenied() {
    Http http = new Http(sandbox.baseUrl());
    HttpResponse<String> none = http.get("/46/tickets/statuses");
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.body()).isEqualTo(DENIED);

    String token = loginAdmin().body();
    String[] p = token.split("\\.");
    String forged = p[0] + "." + p[1] + "." + p[2].substring(0, p[2].length() - 2) + "AA";
    assertThat(http.token(forged).get("/46/tickets/statuses").statusCode()).isEqualTo(401);
    String otherSeed = TdxSandbox.builder().tickets(0).seed(99).build().issueToken();
    assertThat(http.token(otherSeed).get("/46/tickets/statuses").body()).isEqualTo(DENIED);

    sandbox.faults().tokenLifetimeSeconds(30);
    String shortLived = loginAdmin().body();
    assertThat(claims(shortLived).get("exp").asLong() - claims(shortLived).get("nbf").asLong())
        .isEqualTo(30);
    assertThat(http.token(shortLived).get("/46/tickets/statuses").statusCode()).isEqualTo(200);
    clock.advance(Duration.ofSeconds(31));
    HttpResponse<String> expired = http.token(shortLived).get("/46/tickets/statuses");
    assertThat(expired.statusCode()).isEqualTo(401);
    assertThat(expired.body()).isEqualTo(DENIED);
  }

  @Test
  void permissionDeniedModeRefusesValidTokens() {
    Http http = new Http(sandbox.baseUrl()).token(sandbox.issueToken());
    assertThat(http.get("/46/tickets/statuses").statusCode()).isEqualTo(200);
    sandbox.faults().permissionDenied(true);
    HttpResponse<String> r = http.get("/46/tickets/statuses");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).isEqualTo(DENIED);
  }

  private static JsonNode claims(String token) {
    return part(token.split("\\.")[1]);
  }

  private static JsonNode part(String base64url) {
    try {
      return Http.JSON.readTree(Base64.getUrlDecoder().decode(base64url));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
