package org.tqd.console.auth;

import java.util.Map;

/**
 * How OIDC bearer tokens from the Temporal Web UI are accepted by the console.
 *
 * @param issuer {@code TQD_OIDC_ISSUER}: the issuer URL the Web UI signs users in with (its {@code
 *     iss}); OIDC tokens are refused when unset
 * @param audience {@code TQD_OIDC_AUDIENCE}: when set, tokens must name it in {@code aud}; null
 *     accepts any audience
 * @param roleClaim {@code TQD_OIDC_ROLE_CLAIM}: the claim holding the tqd role ({@code viewer},
 *     {@code operator}, {@code admin}; a string or a list). Default {@code tqd_role}
 * @param defaultRole {@code TQD_OIDC_DEFAULT_ROLE}: the role of a valid token without that claim.
 *     Default none: such a caller is refused with 403
 */
public record OidcSettings(String issuer, String audience, String roleClaim, Role defaultRole) {

  /** Default of {@code TQD_OIDC_ROLE_CLAIM}. */
  public static final String DEFAULT_ROLE_CLAIM = "tqd_role";

  /**
   * The settings in the environment, or null when {@code TQD_OIDC_ISSUER} is unset.
   *
   * @throws IllegalArgumentException naming the setting when a value is malformed
   */
  public static OidcSettings fromEnvironment(Map<String, String> env) {
    String issuer = blankToNull(env.get("TQD_OIDC_ISSUER"));
    if (issuer == null) {
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
    return new OidcSettings(
        issuer,
        blankToNull(env.get("TQD_OIDC_AUDIENCE")),
        claim == null ? DEFAULT_ROLE_CLAIM : claim,
        defaultRole);
  }

  private static String blankToNull(String v) {
    return v == null || v.isBlank() ? null : v.trim();
  }
}
