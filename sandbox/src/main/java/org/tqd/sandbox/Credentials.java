package org.tqd.sandbox;

import java.util.UUID;

/**
 * The sandbox's login credentials, deterministic per seed: an administrative service account
 * ({@code BEID} + {@code WebServicesKey}, for {@code api/auth/loginadmin}) and a user account
 * ({@code username} + {@code password}, for {@code api/auth} and {@code api/auth/login}).
 *
 * @param beid the organisation's BEID
 * @param webServicesKey the service account's web services key
 * @param username the user account's login name
 * @param password the user account's password
 */
public record Credentials(UUID beid, UUID webServicesKey, String username, String password) {

  /** Never prints the secrets. */
  @Override
  public String toString() {
    return "Credentials[beid=" + beid + ", username=" + username + ", secrets hidden]";
  }
}
