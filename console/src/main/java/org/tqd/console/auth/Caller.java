package org.tqd.console.auth;

/**
 * Who made a request, once authenticated.
 *
 * @param name the token's name, or the OIDC subject (its {@code email} or {@code
 *     preferred_username} when present)
 * @param role the caller's role; null for an OIDC user the settings give no role
 * @param via {@code token} or {@code oidc}
 */
public record Caller(String name, Role role, String via) {

  /** True when the caller's role holds the permission. */
  public boolean allows(String permission) {
    return role != null && role.allows(permission);
  }
}
