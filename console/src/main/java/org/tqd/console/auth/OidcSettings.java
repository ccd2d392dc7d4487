package org.tqd.console.auth;

import java.util.Map;

/**
 * How the console trusts an OIDC identity provider: OIDC bearer tokens from the Temporal Web UI,
 * and, when a client ID is set, people signing in to the operator page (authorization code flow
 * with PKCE).
 *
 * @param issuer {@code TQD_OIDC_ISSUER}: the issuer URL (its {@code iss}); OIDC is off when unset
 * @param audience {@code TQD_OIDC_AUDIENCE}: when set, bearer tokens must name it in {@code aud};
 *     null accepts any audience
 * @param roleClaim {@code TQD_OIDC_ROLE_CLAIM}: the claim of a bearer token holding the tqd role
 *     ({@code viewer}, {@code operator}, {@code admin}; a string or a list). Default {@code
 *     tqd_role}
 * @param defaultRole {@code TQD_OIDC_DEFAULT_ROLE}: the role of a valid bearer token without that
 *     claim. Default none: such a caller is refused with 403
 * @param clientId {@code TQD_OIDC_CLIENT_ID}: the console's client at the issuer; people can sign
 *     in to the page only when it is set
 * @param clientSecret {@code TQD_OIDC_CLIENT_SECRET}: its secret (client_secret_basic); null for a
 *     public client, which PKCE alone protects
 * @param groupsClaim {@code TQD_OIDC_GROUPS_CLAIM}: the claim (ID token or userinfo) listing a
 *     person's groups. Default {@code groups}
 * @param roleMap {@code TQD_OIDC_ROLE_MAP}: groups to roles for people who sign in ({@link
 *     RoleMap}). Default: everyone who signs in is a viewer
 * @param scopes {@code TQD_OIDC_SCOPES}: scopes asked for at sign-in, space-separated. Default
 *     {@code openid profile email}; add the scope that releases groups if the issuer needs one
 */
public record OidcSettings(
    String issuer,
    String audience,
    String roleClaim,
    Role defaultRole,
    String clientId,
    String clientSecret,
    String groupsClaim,
    RoleMap roleMap,
    String scopes) {

  /** Default of {@code TQD_OIDC_ROLE_CLAIM}. */
  public static final String DEFAULT_ROLE_CLAIM = "tqd_role";

  /** Default of {@code TQD_OIDC_GROUPS_CLAIM}. */
  public static final String DEFAULT_GROUPS_CLAIM = "groups";

  /** Default of {@code TQD_OIDC_SCOPES}. */
  public static final String DEFAULT_SCOPES = "openid profile email";

  /** Bearer-token settings only: no sign-in for people. */
  public OidcSettings(String issuer, String audience, String roleClaim, Role defaultRole) {
    this(
        issuer,
        audience,
        roleClaim,
        defaultRole,
        null,
        null,
        DEFAULT_GROUPS_CLAIM,
        RoleMap.EVERYONE_VIEWER,
        DEFAULT_SCOPES);
  }

  /** True when people can sign in to the operator page ({@code TQD_OIDC_CLIENT_ID} is set). */
  public boolean signInEnabled() {
    return clientId != null;
  }

  /**
   * The settings in the environment, or null when {@code TQD_OIDC_ISSUER} is unset.
   *
   * @throws IllegalArgumentException naming the setting when a value is malformed or missing
   */
  public static OidcSettings fromEnvironment(Map<String, String> env) {
    String issuer = blankToNull(env.get("TQD_OIDC_ISSUER"));
    String clientId = blankToNull(env.get("TQD_OIDC_CLIENT_ID"));
    if (issuer == null) {
      if (clientId != null) {
        throw new IllegalArgumentException(
            "TQD_OIDC_CLIENT_ID is set but TQD_OIDC_ISSUER is not; set TQD_OIDC_ISSUER to the"
                + " identity provider's issuer URL (https://…)");
      }
      return null;
    }
    if (!issuer.startsWith("https://") && !issuer.startsWith("http://")) {
      throw new IllegalArgumentException(
          "TQD_OIDC_ISSUER must be the issuer's URL (https://…), got '" + issuer + "'");
    }
    String claim = blankToNull(env.get("TQD_OIDC_ROLE_CLAIM"));
    String role = blankToNull(env.get("TQD_OIDC_DEFAULT_ROLE"));
    Role defaultRole;
    try {
      defaultRole = role == null ? null : Role.of(role);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("TQD_OIDC_DEFAULT_ROLE: " + e.getMessage(), e);
    }
    String groups = blankToNull(env.get("TQD_OIDC_GROUPS_CLAIM"));
    String scopes = blankToNull(env.get("TQD_OIDC_SCOPES"));
    if (scopes != null && !(" " + scopes + " ").contains(" openid ")) {
      throw new IllegalArgumentException(
          "TQD_OIDC_SCOPES must include 'openid' (space-separated scopes), got '" + scopes + "'");
    }
    return new OidcSettings(
        issuer,
        blankToNull(env.get("TQD_OIDC_AUDIENCE")),
        claim == null ? DEFAULT_ROLE_CLAIM : claim,
        defaultRole,
        clientId,
        blankToNull(env.get("TQD_OIDC_CLIENT_SECRET")),
        groups == null ? DEFAULT_GROUPS_CLAIM : groups,
        RoleMap.parse(env.get("TQD_OIDC_ROLE_MAP")),
        scopes == null ? DEFAULT_SCOPES : scopes);
  }

  @Override
  public String toString() {
    // the client secret never reaches a log line
    return "OidcSettings[issuer="
        + issuer
        + ", audience="
        + audience
        + ", clientId="
        + clientId
        + ", clientSecret="
        + (clientSecret == null ? "unset" : "set")
        + ", groupsClaim="
        + groupsClaim
        + ", roleMap="
        + roleMap
        + "]";
  }

  private static String blankToNull(String v) {
    return v == null || v.isBlank() ? null : v.trim();
  }
}
