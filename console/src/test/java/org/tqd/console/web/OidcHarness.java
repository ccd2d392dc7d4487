package org.tqd.console.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.jdbi.v3.core.Jdbi;
import org.tqd.console.ConsoleRoutes;
import org.tqd.console.ConsoleServer;
import org.tqd.console.ConsoleSettings;
import org.tqd.console.auth.Authenticator;
import org.tqd.console.auth.OidcSettings;
import org.tqd.console.auth.OidcSignIn;
import org.tqd.console.auth.OidcVerifier;
import org.tqd.console.auth.SessionSettings;
import org.tqd.console.auth.SessionStore;
import org.tqd.console.auth.TokenStore;

/**
 * A real OIDC provider (NAV's mock-oauth2-server, in this JVM, issuing signed tokens through its
 * discovery document, authorization and token endpoints) and a console trusting it, with sign-in,
 * sessions and the page wired as {@code tqd console} wires them. People are scripted by queueing
 * who the provider signs in next ({@link #nextSignIn}).
 */
final class OidcHarness implements AutoCloseable {

  static final String ISSUER_ID = "campus";
  static final String CLIENT_ID = "tqd-console";
  static final String CLIENT_SECRET = "console-secret-not-logged";

  final MockOAuth2Server idp = new MockOAuth2Server();
  final OidcSettings oidc;
  final SessionStore sessions;
  final Authenticator auth;
  final ConsoleServer console;
  final int port;

  OidcHarness(
      Jdbi jdbi,
      String roleMap,
      SessionSettings sessionSettings,
      Clock clock,
      List<ConsoleRoutes> extra) {
    idp.start(0);
    Map<String, String> env = new LinkedHashMap<>();
    env.put("TQD_OIDC_ISSUER", idp.issuerUrl(ISSUER_ID).toString());
    env.put("TQD_OIDC_CLIENT_ID", CLIENT_ID);
    env.put("TQD_OIDC_CLIENT_SECRET", CLIENT_SECRET);
    if (roleMap != null) {
      env.put("TQD_OIDC_ROLE_MAP", roleMap);
    }
    oidc = OidcSettings.fromEnvironment(env);
    sessions = new SessionStore(sessionSettings, clock);
    auth = new Authenticator(new TokenStore(jdbi), new OidcVerifier(oidc), sessions, clock);
    List<ConsoleRoutes> routes = new ArrayList<>();
    routes.add(new SignInRoutes(new OidcSignIn(oidc, clock), auth));
    routes.add(new OperatorPage());
    routes.addAll(extra);
    console = new ConsoleServer(new ConsoleSettings("127.0.0.1", 0, List.of(), "default"), routes);
    port = console.start();
  }

  String base() {
    return "http://localhost:" + port;
  }

  /** The provider signs in this person next, with these groups. */
  void nextSignIn(String user, List<String> groups) {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("email", user + "@example.edu");
    claims.put("groups", groups);
    idp.enqueueCallback(
        new DefaultOAuth2TokenCallback(ISSUER_ID, user, "JWT", List.of(CLIENT_ID), claims, 3600));
  }

  @Override
  public void close() {
    console.close();
    idp.shutdown();
  }

  /** A browser-like HTTP client that keeps cookies by hand (so Secure cookies over http work). */
  static final class Browser {
    final HttpClient http =
        HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    final Map<String, String> cookies = new LinkedHashMap<>();
    final List<String> setCookieLines = new ArrayList<>();

    HttpResponse<String> get(String url) throws IOException, InterruptedException {
      return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    HttpResponse<String> post(String url, String body, Map<String, String> headers)
        throws IOException, InterruptedException {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(url))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body));
      headers.forEach(b::header);
      return send(b);
    }

    HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
      if (!cookies.isEmpty()) {
        StringBuilder c = new StringBuilder();
        cookies.forEach(
            (k, v) -> c.append(c.length() == 0 ? "" : "; ").append(k).append('=').append(v));
        b.header("Cookie", c.toString());
      }
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      for (String line : r.headers().allValues("Set-Cookie")) {
        setCookieLines.add(line);
        String pair = line.split(";", 2)[0];
        int eq = pair.indexOf('=');
        String name = pair.substring(0, eq);
        String value = pair.substring(eq + 1);
        if (value.isEmpty() || line.contains("Max-Age=0")) {
          cookies.remove(name);
        } else {
          cookies.put(name, value);
        }
      }
      return r;
    }

    /** Follows redirects (across the console and the provider) until a non-redirect answer. */
    HttpResponse<String> follow(String url) throws IOException, InterruptedException {
      HttpResponse<String> r = get(url);
      for (int i = 0; i < 10 && r.statusCode() / 100 == 3; i++) {
        URI next = URI.create(url).resolve(r.headers().firstValue("Location").orElseThrow());
        url = next.toString();
        r = get(url);
      }
      return r;
    }
  }
}
