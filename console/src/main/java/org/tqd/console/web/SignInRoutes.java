package org.tqd.console.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tqd.console.ApiErrors;
import org.tqd.console.ConsoleRoutes;
import org.tqd.console.auth.Authenticator;
import org.tqd.console.auth.Caller;
import org.tqd.console.auth.OidcSignIn;
import org.tqd.console.auth.SessionStore;
import org.tqd.console.auth.SignInException;

/**
 * Sign-in for people on the operator page:
 *
 * <ul>
 *   <li>{@code GET /auth/login[?next=/path]}: starts the OIDC sign-in and redirects to the identity
 *       provider;
 *   <li>{@code GET /auth/callback}: where the identity provider sends the browser back; starts a
 *       session (cookie: HTTP-only, Secure, SameSite=Lax) and redirects to the page;
 *   <li>{@code GET /auth/session}: who is signed in ({@code signed_in}, {@code name}, {@code role},
 *       {@code permissions}, {@code csrf_token}, {@code expires_at}); also answers for a bearer
 *       token, without a CSRF token;
 *   <li>{@code POST /auth/logout}: ends the session (needs {@code X-CSRF-Token}).
 * </ul>
 *
 * The session cookie is SameSite=Lax rather than Strict because the identity provider's redirect
 * back is a cross-site navigation: writes are protected by the CSRF token, which another site can
 * neither read nor send.
 */
public final class SignInRoutes implements ConsoleRoutes {

  private static final Logger log = LoggerFactory.getLogger(SignInRoutes.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final OidcSignIn signIn;
  private final Authenticator auth;
  private final SessionStore sessions;

  /**
   * @param signIn the OIDC sign-in, or null when {@code TQD_OIDC_CLIENT_ID} is unset (the page then
   *     says how to enable it)
   * @param auth the console's authenticator, holding the session store
   */
  public SignInRoutes(OidcSignIn signIn, Authenticator auth) {
    this.signIn = signIn;
    this.auth = Objects.requireNonNull(auth, "auth");
    this.sessions = Objects.requireNonNull(auth.sessions(), "the authenticator needs sessions");
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.get("/auth/login", this::login);
    routes.get("/auth/callback", this::callback);
    routes.get("/auth/session", this::session);
    routes.post("/auth/logout", this::logout);
  }

  private String loginCookie() {
    return sessions.settings().secureCookies() ? "__Host-tqd_login" : "tqd_login";
  }

  private void login(Context ctx) {
    if (signIn == null) {
      ApiErrors.write(
          ctx,
          404,
          "SIGN_IN_DISABLED",
          "sign-in for people is not configured: set TQD_OIDC_ISSUER, TQD_OIDC_CLIENT_ID (and"
              + " TQD_OIDC_CLIENT_SECRET) and restart the console");
      return;
    }
    warnIfCookiesWillBeDropped(ctx);
    OidcSignIn.Start start;
    try {
      start = signIn.begin(URI.create(baseUrl(ctx) + "/auth/callback"), ctx.queryParam("next"));
    } catch (SignInException e) {
      failure(ctx, e);
      return;
    }
    setCookie(ctx, loginCookie(), start.loginId(), OidcSignIn.PENDING_LIFETIME);
    ctx.redirect(start.authorizationUri().toString());
  }

  private void callback(Context ctx) {
    if (signIn == null) {
      ApiErrors.write(ctx, 404, "SIGN_IN_DISABLED", "sign-in for people is not configured");
      return;
    }
    String query = ctx.queryString();
    URI callback = URI.create(baseUrl(ctx) + "/auth/callback" + (query == null ? "" : "?" + query));
    String loginId = ctx.cookie(loginCookie());
    clearCookie(ctx, loginCookie());
    OidcSignIn.Done done;
    try {
      done = signIn.complete(loginId, callback);
    } catch (SignInException e) {
      failure(ctx, e);
      return;
    }
    String old = ctx.cookie(sessions.cookieName());
    sessions.end(old); // a new sign-in never reuses a session ID (fixation)
    SessionStore.Session s = sessions.create(done.caller());
    setCookie(ctx, sessions.cookieName(), s.id(), sessions.settings().maxAge());
    ctx.redirect(done.next());
  }

  private void session(Context ctx) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("sign_in_enabled", signIn != null);
    Caller caller = null;
    String csrf = null;
    String expires = null;
    String authorization = ctx.header("Authorization");
    if (authorization != null && !authorization.isBlank()) {
      caller = auth.authenticate(ctx); // a wrong token is a 401, as on the API
    } else {
      SessionStore.Session s = sessions.find(ctx.cookie(sessions.cookieName())).orElse(null);
      if (s != null) {
        caller = s.caller();
        csrf = s.csrfToken();
        expires = s.expiresAt().toString();
      }
    }
    body.put("signed_in", caller != null);
    if (caller != null) {
      body.put("name", caller.name());
      body.put("role", caller.role() == null ? null : caller.role().wireName());
      body.put("via", caller.via());
      body.put(
          "permissions",
          caller.role() == null ? java.util.List.of() : new TreeSet<>(caller.role().permissions()));
      body.put("csrf_token", csrf);
      body.put("expires_at", expires);
    }
    json(ctx, 200, body);
  }

  private void logout(Context ctx) {
    String id = ctx.cookie(sessions.cookieName());
    if (id != null && sessions.find(id).isPresent()) {
      Caller c = auth.authenticate(ctx); // checks the CSRF token
      sessions.end(id);
      log.info("console: {} signed out", c.name());
    }
    clearCookie(ctx, sessions.cookieName());
    json(ctx, 200, Map.of("signed_in", false));
  }

  private volatile boolean warnedPlainHttp;

  /**
   * Browsers keep Secure cookies only from https and loopback hosts: over plain http to any other
   * host name the session cookie is dropped and sign-in cannot hold. Says so in the log once.
   */
  private void warnIfCookiesWillBeDropped(Context ctx) {
    if (warnedPlainHttp
        || !sessions.settings().secureCookies()
        || sessions.settings().consoleUrl() != null
        || !"http".equalsIgnoreCase(ctx.scheme())) {
      return;
    }
    String host = ctx.host() == null ? "" : ctx.host().replaceFirst(":\\d+$", "");
    if (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]")) {
      return;
    }
    warnedPlainHttp = true;
    log.warn(
        "console: the page is reached over plain http as {}; browsers drop its Secure session"
            + " cookie there. Serve it over https (behind a proxy: set TQD_CONSOLE_URL=https://…),"
            + " or on a test network set TQD_CONSOLE_COOKIE_SECURE=false",
        host);
  }

  private String baseUrl(Context ctx) {
    String configured = sessions.settings().consoleUrl();
    return configured != null ? configured : ctx.scheme() + "://" + ctx.host();
  }

  private void setCookie(Context ctx, String name, String value, Duration maxAge) {
    ctx.res()
        .addHeader(
            "Set-Cookie",
            name
                + "="
                + value
                + "; Path=/; Max-Age="
                + maxAge.toSeconds()
                + "; HttpOnly; SameSite=Lax"
                + (sessions.settings().secureCookies() ? "; Secure" : ""));
  }

  private void clearCookie(Context ctx, String name) {
    ctx.res()
        .addHeader(
            "Set-Cookie",
            name
                + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax"
                + (sessions.settings().secureCookies() ? "; Secure" : ""));
  }

  private static void failure(Context ctx, SignInException e) {
    log.warn("console: sign-in failed ({}): {}", e.status(), e.getMessage());
    ctx.status(e.status());
    ctx.contentType("text/plain; charset=utf-8");
    ctx.result(
        "Sign-in did not succeed.\n\n" + e.getMessage() + "\n\nBack to the operator page: /\n");
  }

  private static void json(Context ctx, int status, Object body) {
    ctx.status(status);
    ctx.contentType("application/json");
    try {
      ctx.result(JSON.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
