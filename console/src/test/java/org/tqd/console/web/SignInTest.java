package org.tqd.console.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.RecordedRequest;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tqd.console.ConsoleRoutes;
import org.tqd.console.PostgresExtension;
import org.tqd.console.auth.Caller;
import org.tqd.console.auth.OidcSettings;
import org.tqd.console.auth.Role;
import org.tqd.console.auth.RoleMap;
import org.tqd.console.auth.SessionSettings;
import org.tqd.console.auth.TokenStore;

/**
 * People sign in to the console through a real OIDC provider in this JVM (mock-oauth2-server:
 * discovery, authorization endpoint, token endpoint, signed ID tokens), with PKCE, and get their
 * role from the groups claim. Sessions, CSRF and the security headers are checked over real HTTP.
 * The endpoint under {@code /api/v1/probe} stands in for the operator API's routes: it asks the
 * console's authenticator for a permission exactly as they do, and answers who the caller is.
 */
class SignInTest {

  @RegisterExtension static final PostgresExtension PG = new PostgresExtension();
  static Jdbi jdbi;
  static final ObjectMapper JSON = new ObjectMapper();

  OidcHarness h;

  @BeforeAll
  static void database() {
    jdbi = PG.connect().jdbi();
  }

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  private void start(String roleMap, Clock clock, SessionSettings sessions) {
    ConsoleRoutes probe =
        routes -> {
          routes.get(
              "/api/v1/probe", ctx -> answer(ctx, h.auth.authorize(ctx, Role.Permissions.READ)));
          routes.post(
              "/api/v1/probe/run", ctx -> answer(ctx, h.auth.authorize(ctx, Role.Permissions.RUN)));
          routes.post(
              "/api/v1/probe/undo",
              ctx -> answer(ctx, h.auth.authorize(ctx, Role.Permissions.UNDO)));
        };
    h = new OidcHarness(jdbi, roleMap, sessions, clock, List.of(probe));
  }

  private void start(String roleMap) {
    start(roleMap, Clock.systemUTC(), SessionSettings.DEFAULTS);
  }

  private static void answer(io.javalin.http.Context ctx, Caller c) {
    ctx.json(Map.of("name", c.name(), "role", c.role().wireName(), "via", c.via()));
  }

  private OidcHarness.Browser signIn(String user, List<String> groups) throws Exception {
    h.nextSignIn(user, groups);
    OidcHarness.Browser b = new OidcHarness.Browser();
    HttpResponse<String> landed = b.follow(h.base() + "/auth/login");
    assertThat(landed.statusCode()).as(landed.body()).isEqualTo(200);
    assertThat(landed.body()).contains("tqd operator console");
    return b;
  }

  private JsonNode session(OidcHarness.Browser b) throws Exception {
    return JSON.readTree(b.get(h.base() + "/auth/session").body());
  }

  @Test
  void anOperatorSignsInWithPkceAndGetsTheRoleOfTheirGroup() throws Exception {
    start("it-helpdesk=operator,it-admins=admin");
    h.nextSignIn("alice", List.of("staff", "it-helpdesk"));
    OidcHarness.Browser b = new OidcHarness.Browser();

    HttpResponse<String> login = b.get(h.base() + "/auth/login");
    assertThat(login.statusCode()).isEqualTo(302);
    URI authorize = URI.create(login.headers().firstValue("Location").orElseThrow());
    assertThat(authorize.toString())
        .startsWith(h.idp.authorizationEndpointUrl(OidcHarness.ISSUER_ID).toString())
        .contains("code_challenge_method=S256")
        .contains("code_challenge=")
        .contains("state=")
        .contains("nonce=")
        .contains("client_id=" + OidcHarness.CLIENT_ID)
        .contains("redirect_uri=http%3A%2F%2Flocalhost%3A" + h.port + "%2Fauth%2Fcallback");
    assertThat(b.cookies).containsKey("__Host-tqd_login");

    HttpResponse<String> page = b.follow(authorize.toString());
    assertThat(page.statusCode()).isEqualTo(200);

    // the token request proved the PKCE verifier and authenticated the client
    RecordedRequest token = null;
    while (true) {
      RecordedRequest r;
      try {
        r = h.idp.takeRequest(1, TimeUnit.SECONDS);
      } catch (RuntimeException noMore) {
        break;
      }
      if (r.getPath() != null && r.getPath().contains("/token")) {
        token = r;
      }
    }
    assertThat(token).isNotNull();
    assertThat(token.getBody().readUtf8())
        .contains("code_verifier=")
        .contains("grant_type=authorization_code");
    assertThat(token.getHeader("Authorization")).startsWith("Basic ");

    String cookie =
        b.setCookieLines.stream()
            .filter(l -> l.startsWith("__Host-tqd_session="))
            .findFirst()
            .orElseThrow();
    assertThat(cookie)
        .contains("HttpOnly")
        .contains("Secure")
        .contains("SameSite=Lax")
        .contains("Path=/");
    assertThat(b.cookies).doesNotContainKey("__Host-tqd_login");

    JsonNode s = session(b);
    assertThat(s.path("signed_in").asBoolean()).isTrue();
    assertThat(s.path("name").asText()).isEqualTo("alice@example.edu");
    assertThat(s.path("role").asText()).isEqualTo("operator");
    assertThat(s.path("via").asText()).isEqualTo("session");
    assertThat(s.path("permissions").toString())
        .contains("actions:run")
        .doesNotContain("actions:undo");
    assertThat(s.path("csrf_token").asText()).hasSizeGreaterThan(30);

    HttpResponse<String> read = b.get(h.base() + "/api/v1/probe");
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.body()).contains("\"role\":\"operator\"").contains("\"via\":\"session\"");
  }

  @Test
  void writesOfASessionNeedItsCsrfTokenAndRefusalsMatchTheTokenBodies() throws Exception {
    start("it-helpdesk=operator");
    OidcHarness.Browser b = signIn("bob", List.of("it-helpdesk"));
    String csrf = session(b).path("csrf_token").asText();

    HttpResponse<String> none = b.post(h.base() + "/api/v1/probe/run", "{}", Map.of());
    assertThat(none.statusCode()).isEqualTo(403);
    assertThat(JSON.readTree(none.body()).path("error").path("code").asText())
        .isEqualTo("CSRF_TOKEN_INVALID");
    assertThat(none.body()).contains("X-CSRF-Token").doesNotContain(csrf);

    HttpResponse<String> wrong =
        b.post(h.base() + "/api/v1/probe/run", "{}", Map.of("X-CSRF-Token", "guess"));
    assertThat(wrong.statusCode()).isEqualTo(403);

    HttpResponse<String> ok =
        b.post(h.base() + "/api/v1/probe/run", "{}", Map.of("X-CSRF-Token", csrf));
    assertThat(ok.statusCode()).isEqualTo(200);

    // not allowed: the same 403 body as for a bearer token of that role
    HttpResponse<String> undo =
        b.post(h.base() + "/api/v1/probe/undo", "{}", Map.of("X-CSRF-Token", csrf));
    assertThat(undo.statusCode()).isEqualTo(403);
    JsonNode err = JSON.readTree(undo.body()).path("error");
    assertThat(err.path("code").asText()).isEqualTo("INSUFFICIENT_PERMISSIONS");
    assertThat(err.path("required_permission").asText()).isEqualTo("actions:undo");
    assertThat(err.path("user_role").asText()).isEqualTo("operator");

    String token =
        new TokenStore(jdbi).create("op-" + System.nanoTime(), Role.OPERATOR, null).token();
    OidcHarness.Browser script = new OidcHarness.Browser();
    HttpResponse<String> viaToken =
        script.post(
            h.base() + "/api/v1/probe/undo", "{}", Map.of("Authorization", "Bearer " + token));
    assertThat(viaToken.statusCode()).isEqualTo(403);
    JsonNode tokenErr = JSON.readTree(viaToken.body()).path("error");
    assertThat(tokenErr.path("code").asText()).isEqualTo(err.path("code").asText());
    assertThat(tokenErr.path("required_permission").asText()).isEqualTo("actions:undo");
    // bearer tokens need no CSRF token: a browser never sends them on its own
    assertThat(
            script
                .post(
                    h.base() + "/api/v1/probe/run",
                    "{}",
                    Map.of("Authorization", "Bearer " + token))
                .statusCode())
        .isEqualTo(200);

    // no credential at all: the 401 body of the API
    HttpResponse<String> anon = new OidcHarness.Browser().get(h.base() + "/api/v1/probe");
    assertThat(anon.statusCode()).isEqualTo(401);
    assertThat(JSON.readTree(anon.body()).path("error").path("code").asText())
        .isEqualTo("UNAUTHENTICATED");
  }

  @Test
  void theHighestMappedRoleWinsAndEveryoneElseIsAViewer() throws Exception {
    start("it-helpdesk=operator,it-admins=admin");
    assertThat(session(signIn("carol", List.of("it-helpdesk", "it-admins"))).path("role").asText())
        .isEqualTo("admin");
    assertThat(session(signIn("dave", List.of("library"))).path("role").asText())
        .isEqualTo("viewer");
    OidcHarness.Browser viewer = signIn("erin", List.of());
    String csrf = session(viewer).path("csrf_token").asText();
    HttpResponse<String> run =
        viewer.post(h.base() + "/api/v1/probe/run", "{}", Map.of("X-CSRF-Token", csrf));
    assertThat(run.statusCode()).isEqualTo(403);
    assertThat(run.body()).contains("\"user_role\":\"viewer\"");
  }

  @Test
  void theRoleMapCanRefuseEveryoneElse() throws Exception {
    start("it-helpdesk=operator,*=none");
    h.nextSignIn("mallory", List.of("students"));
    OidcHarness.Browser b = new OidcHarness.Browser();
    HttpResponse<String> r = b.follow(h.base() + "/auth/login");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("mallory@example.edu").contains("TQD_OIDC_ROLE_MAP");
    assertThat(b.cookies).doesNotContainKey("__Host-tqd_session");
    assertThat(session(b).path("signed_in").asBoolean()).isFalse();
  }

  @Test
  void aCallbackFromAnotherBrowserIsRefused() throws Exception {
    start(null);
    h.nextSignIn("victim", List.of());
    OidcHarness.Browser attacker = new OidcHarness.Browser();
    String authorize =
        attacker.get(h.base() + "/auth/login").headers().firstValue("Location").orElseThrow();
    String callback = attacker.get(authorize).headers().firstValue("Location").orElseThrow();
    assertThat(callback).contains("/auth/callback?").contains("code=");

    OidcHarness.Browser victim = new OidcHarness.Browser();
    HttpResponse<String> r = victim.get(callback);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("not started in this browser");
    assertThat(victim.cookies).isEmpty();
  }

  @Test
  void signOutEndsTheSessionAndItsCsrfTokenIsNeeded() throws Exception {
    start(null);
    OidcHarness.Browser b = signIn("frank", List.of());
    String csrf = session(b).path("csrf_token").asText();
    String id = b.cookies.get("__Host-tqd_session");
    assertThat(b.post(h.base() + "/auth/logout", "", Map.of()).statusCode()).isEqualTo(403);
    assertThat(b.get(h.base() + "/api/v1/probe").statusCode()).isEqualTo(200);

    assertThat(b.post(h.base() + "/auth/logout", "", Map.of("X-CSRF-Token", csrf)).statusCode())
        .isEqualTo(200);
    assertThat(b.cookies).doesNotContainKey("__Host-tqd_session");
    b.cookies.put("__Host-tqd_session", id); // a copy of the old cookie grants nothing
    HttpResponse<String> after = b.get(h.base() + "/api/v1/probe");
    assertThat(after.statusCode()).isEqualTo(401);
    assertThat(after.body()).contains("sign in again");
  }

  @Test
  void sessionsExpireWhenIdleAndAtTheirMaximumAge() throws Exception {
    MutableClock clock = new MutableClock();
    start(
        null,
        clock,
        new SessionSettings(null, true, Duration.ofMinutes(120), Duration.ofMinutes(30)));
    OidcHarness.Browser b = signIn("gina", List.of());
    clock.advance(Duration.ofMinutes(25));
    assertThat(b.get(h.base() + "/api/v1/probe").statusCode()).isEqualTo(200);
    clock.advance(Duration.ofMinutes(25)); // 25 idle minutes again: still alive
    assertThat(b.get(h.base() + "/api/v1/probe").statusCode()).isEqualTo(200);
    clock.advance(Duration.ofMinutes(31));
    assertThat(b.get(h.base() + "/api/v1/probe").statusCode()).isEqualTo(401);

    OidcHarness.Browser c = signIn("hal", List.of());
    for (int i = 0; i < 4; i++) {
      clock.advance(Duration.ofMinutes(25));
      assertThat(c.get(h.base() + "/api/v1/probe").statusCode()).isEqualTo(200);
    }
    clock.advance(Duration.ofMinutes(25)); // 125 minutes after sign-in, never idle for long
    assertThat(c.get(h.base() + "/api/v1/probe").statusCode()).isEqualTo(401);
  }

  @Test
  void everyResponseCarriesTheSecurityHeadersAndThePageHasNoInlineScript() throws Exception {
    start(null);
    OidcHarness.Browser b = new OidcHarness.Browser();
    for (String path :
        List.of("/", "/api/v1/probe", "/auth/session", "/assets/app.js", "/nowhere")) {
      HttpResponse<String> r = b.get(h.base() + path);
      String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
      assertThat(csp).as(path).contains("script-src 'self'").contains("frame-ancestors 'none'");
      assertThat(csp).doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
      assertThat(r.headers().firstValue("X-Content-Type-Options")).as(path).contains("nosniff");
      assertThat(r.headers().firstValue("Referrer-Policy")).as(path).contains("no-referrer");
      assertThat(r.headers().firstValue("Cache-Control").orElse(""))
          .as(path)
          .isEqualTo(path.startsWith("/assets/") ? "no-cache" : "no-store");
    }
    String html = b.get(h.base() + "/").body();
    assertThat(html)
        .doesNotContainPattern("<script(?![^>]*\\ssrc=)")
        .doesNotContainPattern("\\son[a-z]+=");
    assertThat(html).doesNotContain("http://").doesNotContain("https://"); // nothing external
    String js = b.get(h.base() + "/assets/app.js").body();
    assertThat(js).doesNotContain("innerHTML").doesNotContain("eval(");
  }

  @Test
  void afterSignInOnlyLocalPagesAreReturnedTo() throws Exception {
    start(null);
    for (Map.Entry<String, String> c :
        Map.of(
                "%2F%23ticket%3D1004567", "/#ticket=1004567",
                "%2F%2Fevil.example%2Fx", "/",
                "https%3A%2F%2Fevil.example%2F", "/",
                "%2F%5Cevil.example", "/")
            .entrySet()) {
      h.nextSignIn("ivy", List.of());
      OidcHarness.Browser b = new OidcHarness.Browser();
      String authorize =
          b.get(h.base() + "/auth/login?next=" + c.getKey())
              .headers()
              .firstValue("Location")
              .orElseThrow();
      String callback = b.get(authorize).headers().firstValue("Location").orElseThrow();
      HttpResponse<String> landed = b.get(callback);
      assertThat(landed.statusCode()).isEqualTo(302);
      assertThat(landed.headers().firstValue("Location")).as(c.getKey()).contains(c.getValue());
    }
  }

  @Test
  void theSessionEndpointAnswersForBearerTokensWithoutACsrfToken() throws Exception {
    start(null);
    String token =
        new TokenStore(jdbi).create("ro-" + System.nanoTime(), Role.VIEWER, null).token();
    OidcHarness.Browser script = new OidcHarness.Browser();
    HttpResponse<String> r =
        script.send(
            java.net.http.HttpRequest.newBuilder(URI.create(h.base() + "/auth/session"))
                .header("Authorization", "Bearer " + token));
    JsonNode s = JSON.readTree(r.body());
    assertThat(s.path("signed_in").asBoolean()).isTrue();
    assertThat(s.path("role").asText()).isEqualTo("viewer");
    assertThat(s.path("via").asText()).isEqualTo("token");
    assertThat(s.path("csrf_token").isNull()).isTrue();
    assertThat(s.path("sign_in_enabled").asBoolean()).isTrue();
  }

  @Test
  void roleMapSyntaxErrorsNameTheEntry() {
    assertThat(RoleMap.parse("a=operator, b=admin ,*=none").roleOf(List.of("x"))).isEmpty();
    assertThat(RoleMap.parse("").roleOf(List.of())).contains(Role.VIEWER);
    assertThatThrownBy(() -> RoleMap.parse("it-helpdesk=superuser"))
        .hasMessageContaining("TQD_OIDC_ROLE_MAP")
        .hasMessageContaining("it-helpdesk=superuser");
    assertThatThrownBy(() -> RoleMap.parse("it-helpdesk")).hasMessageContaining("not group=role");
    assertThatThrownBy(() -> RoleMap.parse("a=viewer,a=admin")).hasMessageContaining("twice");
    assertThatThrownBy(() -> OidcSettings.fromEnvironment(Map.of("TQD_OIDC_CLIENT_ID", "x")))
        .hasMessageContaining("TQD_OIDC_ISSUER");
    assertThat(
            OidcSettings.fromEnvironment(
                    Map.of(
                        "TQD_OIDC_ISSUER", "https://idp.example.edu",
                        "TQD_OIDC_CLIENT_ID", "tqd",
                        "TQD_OIDC_CLIENT_SECRET", "s3cret-value"))
                .toString())
        .doesNotContain("s3cret-value");
    assertThatThrownBy(
            () -> SessionSettings.fromEnvironment(Map.of("TQD_CONSOLE_URL", "https://x.edu/tqd")))
        .hasMessageContaining("TQD_CONSOLE_URL");
  }

  static final class MutableClock extends Clock {
    volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
