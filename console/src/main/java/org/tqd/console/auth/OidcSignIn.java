package org.tqd.console.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jwt.JWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.GeneralException;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.AuthenticationErrorResponse;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.AuthenticationResponse;
import com.nimbusds.openid.connect.sdk.AuthenticationResponseParser;
import com.nimbusds.openid.connect.sdk.AuthenticationSuccessResponse;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs people in to the operator page with their identity provider: OpenID Connect's authorization
 * code flow with PKCE (S256), {@code state} and {@code nonce}, through the Nimbus OAuth 2.0 SDK.
 * The issuer's endpoints come from its discovery document; the ID token's signature (the issuer's
 * JWKS), issuer, audience, expiry and nonce are checked. The person's role comes from the groups
 * claim ({@link OidcSettings#groupsClaim()}, from the ID token, else from the userinfo endpoint)
 * through {@link OidcSettings#roleMap()}.
 *
 * <p>A sign-in in progress is kept server-side for {@link #PENDING_LIFETIME}, keyed by a random
 * value the browser holds in a short-lived cookie, so that a callback only completes the sign-in
 * the same browser started (no login CSRF).
 */
public final class OidcSignIn {

  private static final Logger log = LoggerFactory.getLogger(OidcSignIn.class);

  /** How long a person has to finish signing in at the identity provider. */
  public static final Duration PENDING_LIFETIME = Duration.ofMinutes(10);

  private static final int MAX_PENDING = 10_000;
  private static final int TIMEOUT_MS = 10_000;

  private final OidcSettings settings;
  private final Clock clock;
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  private volatile Provider provider;

  private record Pending(
      State state,
      Nonce nonce,
      CodeVerifier verifier,
      URI redirectUri,
      String next,
      Instant until) {}

  private record Provider(OIDCProviderMetadata metadata, IDTokenValidator validator) {}

  /**
   * A sign-in that has begun.
   *
   * @param loginId the value for the browser's sign-in cookie
   * @param authorizationUri where to send the browser
   */
  public record Start(String loginId, URI authorizationUri) {}

  /**
   * A sign-in that succeeded.
   *
   * @param caller who signed in, with the role their groups give
   * @param next the page path to return to
   */
  public record Done(Caller caller, String next) {}

  public OidcSignIn(OidcSettings settings, Clock clock) {
    this.settings = Objects.requireNonNull(settings, "settings");
    if (!settings.signInEnabled()) {
      throw new IllegalArgumentException("sign-in needs TQD_OIDC_CLIENT_ID");
    }
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Begins a sign-in.
   *
   * @param redirectUri the console's {@code /auth/callback} as the browser reaches it
   * @param next the page path to return to afterwards (anything but a local path becomes {@code /})
   * @throws SignInException 502 when the identity provider's discovery document cannot be read
   */
  public Start begin(URI redirectUri, String next) {
    Provider p = provider();
    Instant now = clock.instant();
    if (pending.size() >= MAX_PENDING) {
      pending.values().removeIf(x -> now.isAfter(x.until()));
      if (pending.size() >= MAX_PENDING) {
        throw new SignInException(
            503, "Too many sign-ins are in progress; try again in a few minutes.");
      }
    }
    Pending login =
        new Pending(
            new State(),
            new Nonce(),
            new CodeVerifier(),
            redirectUri,
            localPath(next),
            now.plus(PENDING_LIFETIME));
    String loginId = SessionStore.randomToken();
    pending.put(loginId, login);
    URI uri =
        new AuthenticationRequest.Builder(
                ResponseType.CODE,
                Scope.parse(settings.scopes()),
                new ClientID(settings.clientId()),
                redirectUri)
            .endpointURI(p.metadata().getAuthorizationEndpointURI())
            .state(login.state())
            .nonce(login.nonce())
            .codeChallenge(login.verifier(), CodeChallengeMethod.S256)
            .build()
            .toURI();
    return new Start(loginId, uri);
  }

  /**
   * Completes a sign-in from the identity provider's redirect back to the console.
   *
   * @param loginId the browser's sign-in cookie, or null
   * @param callbackUri the full URI the browser was sent to (with {@code code} and {@code state})
   * @throws SignInException saying what went wrong: 400 for a stale or foreign sign-in or an error
   *     from the identity provider, 403 when the role map refuses the person, 502 when the identity
   *     provider cannot be reached or answers wrongly
   */
  public Done complete(String loginId, URI callbackUri) {
    Pending login = loginId == null ? null : pending.remove(loginId);
    if (login == null || clock.instant().isAfter(login.until())) {
      throw new SignInException(
          400,
          "This sign-in was not started in this browser or took longer than "
              + PENDING_LIFETIME.toMinutes()
              + " minutes. Open the page again and sign in.");
    }
    AuthenticationResponse response;
    try {
      response = AuthenticationResponseParser.parse(callbackUri);
    } catch (ParseException e) {
      throw new SignInException(
          400, "The identity provider's answer cannot be read: " + e.getMessage());
    }
    if (!login.state().equals(response.getState())) {
      throw new SignInException(
          400,
          "The sign-in answer does not belong to this sign-in (state differs). Sign in again.");
    }
    if (!response.indicatesSuccess()) {
      AuthenticationErrorResponse error = response.toErrorResponse();
      throw new SignInException(
          400, "The identity provider refused the sign-in: " + describe(error.getErrorObject()));
    }
    AuthorizationCode code = ((AuthenticationSuccessResponse) response).getAuthorizationCode();
    if (code == null) {
      throw new SignInException(400, "The identity provider sent no authorization code.");
    }
    Provider p = provider();
    OIDCTokenResponse tokens = exchange(p, code, login);
    IDTokenClaimsSet claims;
    JWT idToken = tokens.getOIDCTokens().getIDToken();
    if (idToken == null) {
      throw new SignInException(
          502, "The identity provider sent no ID token (is 'openid' a scope?).");
    }
    try {
      claims = p.validator().validate(idToken, login.nonce());
    } catch (BadJOSEException | JOSEException e) {
      throw new SignInException(
          502, "The identity provider's ID token is not valid: " + e.getMessage(), e);
    }
    List<String> groups = groups(claims.getClaim(settings.groupsClaim()));
    if (claims.getClaim(settings.groupsClaim()) == null) {
      groups = groupsFromUserInfo(p, tokens.getOIDCTokens().getBearerAccessToken());
    }
    String name = name(claims);
    Optional<Role> role = settings.roleMap().roleOf(groups);
    if (role.isEmpty()) {
      log.info(
          "console: sign-in of {} refused: none of their groups is in TQD_OIDC_ROLE_MAP", name);
      throw new SignInException(
          403,
          "You signed in as "
              + name
              + ", but none of your groups may use this console. Ask its administrators to add"
              + " one of your groups to TQD_OIDC_ROLE_MAP.");
    }
    log.info("console: {} signed in as {}", name, role.get().wireName());
    return new Done(new Caller(name, role.get(), "session"), login.next());
  }

  private OIDCTokenResponse exchange(Provider p, AuthorizationCode code, Pending login) {
    AuthorizationCodeGrant grant =
        new AuthorizationCodeGrant(code, login.redirectUri(), login.verifier());
    URI endpoint = p.metadata().getTokenEndpointURI();
    ClientID clientId = new ClientID(settings.clientId());
    TokenRequest request =
        settings.clientSecret() == null
            ? new TokenRequest.Builder(endpoint, clientId, grant).build()
            : new TokenRequest.Builder(endpoint, clientAuthentication(p, clientId), grant).build();
    TokenResponse response;
    try {
      HTTPRequest http = request.toHTTPRequest();
      http.setConnectTimeout(TIMEOUT_MS);
      http.setReadTimeout(TIMEOUT_MS);
      response = OIDCTokenResponseParser.parse(http.send());
    } catch (IOException e) {
      throw new SignInException(
          502, "The identity provider's token endpoint cannot be reached: " + e.getMessage(), e);
    } catch (ParseException e) {
      throw new SignInException(
          502, "The identity provider's token answer cannot be read: " + e.getMessage(), e);
    }
    if (!response.indicatesSuccess()) {
      throw new SignInException(
          502,
          "The identity provider did not issue tokens: "
              + describe(response.toErrorResponse().getErrorObject())
              + " (check TQD_OIDC_CLIENT_ID and TQD_OIDC_CLIENT_SECRET)");
    }
    return (OIDCTokenResponse) response.toSuccessResponse();
  }

  /**
   * The client secret as HTTP Basic (the default of OpenID Connect), or in the form body when the
   * issuer's discovery document lists only {@code client_secret_post}.
   */
  private ClientAuthentication clientAuthentication(Provider p, ClientID clientId) {
    Secret secret = new Secret(settings.clientSecret());
    List<ClientAuthenticationMethod> methods = p.metadata().getTokenEndpointAuthMethods();
    if (methods != null
        && !methods.isEmpty()
        && !methods.contains(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
        && methods.contains(ClientAuthenticationMethod.CLIENT_SECRET_POST)) {
      return new ClientSecretPost(clientId, secret);
    }
    return new ClientSecretBasic(clientId, secret);
  }

  private List<String> groupsFromUserInfo(Provider p, BearerAccessToken token) {
    URI endpoint = p.metadata().getUserInfoEndpointURI();
    if (endpoint == null || token == null) {
      return List.of();
    }
    try {
      HTTPRequest http = new UserInfoRequest(endpoint, token).toHTTPRequest();
      http.setConnectTimeout(TIMEOUT_MS);
      http.setReadTimeout(TIMEOUT_MS);
      UserInfoResponse info = UserInfoResponse.parse(http.send());
      if (!info.indicatesSuccess()) {
        log.warn(
            "console: the userinfo endpoint refused: {}",
            describe(info.toErrorResponse().getErrorObject()));
        return List.of();
      }
      return groups(info.toSuccessResponse().getUserInfo().getClaim(settings.groupsClaim()));
    } catch (IOException | ParseException e) {
      log.warn("console: cannot read the userinfo endpoint {}: {}", endpoint, e.getMessage());
      return List.of();
    }
  }

  private Provider provider() {
    Provider p = provider;
    if (p != null) {
      return p;
    }
    synchronized (this) {
      if (provider == null) {
        provider = discover();
      }
      return provider;
    }
  }

  private Provider discover() {
    Issuer issuer = new Issuer(settings.issuer());
    try {
      OIDCProviderMetadata metadata = OIDCProviderMetadata.resolve(issuer, TIMEOUT_MS, TIMEOUT_MS);
      URL jwks = metadata.getJWKSetURI().toURL();
      List<JWSAlgorithm> algs = metadata.getIDTokenJWSAlgs();
      JWSAlgorithm alg =
          algs == null || algs.isEmpty() || algs.contains(JWSAlgorithm.RS256)
              ? JWSAlgorithm.RS256
              : algs.get(0);
      IDTokenValidator validator =
          new IDTokenValidator(metadata.getIssuer(), new ClientID(settings.clientId()), alg, jwks);
      validator.setMaxClockSkew(60);
      log.info(
          "console: people sign in at {} (client {}, groups claim '{}')",
          metadata.getIssuer(),
          settings.clientId(),
          settings.groupsClaim());
      return new Provider(metadata, validator);
    } catch (GeneralException | IOException | RuntimeException e) {
      log.warn("console: cannot read the discovery document of {}: {}", issuer, e.getMessage());
      throw new SignInException(
          502,
          "The identity provider "
              + issuer
              + " cannot be reached or has no valid discovery document ("
              + e.getMessage()
              + "); check TQD_OIDC_ISSUER.",
          e);
    }
  }

  static List<String> groups(Object claim) {
    List<String> out = new ArrayList<>();
    if (claim instanceof String s) {
      for (String g : s.split("[,\\s]+")) {
        if (!g.isBlank()) {
          out.add(g);
        }
      }
    } else if (claim instanceof Iterable<?> list) {
      for (Object o : list) {
        if (o != null) {
          out.add(o.toString());
        }
      }
    }
    return out;
  }

  private static String name(IDTokenClaimsSet claims) {
    for (String claim : List.of("email", "preferred_username", "name")) {
      Object v = claims.getClaim(claim);
      if (v instanceof String s && !s.isBlank()) {
        return s;
      }
    }
    return claims.getSubject().getValue();
  }

  private static String describe(ErrorObject e) {
    if (e == null) {
      return "no reason given";
    }
    return e.getCode() + (e.getDescription() == null ? "" : " (" + e.getDescription() + ")");
  }

  /** A local page path, or {@code /}: never another site (no open redirect). */
  static String localPath(String next) {
    if (next == null
        || !next.startsWith("/")
        || next.startsWith("//")
        || next.startsWith("/\\")
        || next.chars().anyMatch(c -> c < 0x20)) {
      return "/";
    }
    return next;
  }
}
