package org.tqd.tdx;

import java.util.Map;
import java.util.Objects;

/**
 * How the client authenticates to TDX. Three forms, in the order the Python daemon prefers them:
 *
 * <ul>
 *   <li>{@link WebServicesKey}: an administrative service account ({@code POST auth/loginadmin}
 *       with {@code BEID} and {@code WebServicesKey}); the client logs in again by itself when the
 *       token nears expiry.
 *   <li>{@link UsernamePassword}: a user account ({@code POST auth/login}); renews like the above.
 *   <li>{@link StaticToken}: a JWT obtained elsewhere; it cannot be renewed, so once it expires or
 *       TDX rejects it every call fails with {@link TdxException.Unauthorized}.
 * </ul>
 *
 * <p>{@code toString()} never shows a key, password or token.
 */
public sealed interface TdxCredentials {

  /** What {@code toString()} shows in place of a secret. */
  String MASK = "****";

  /** An administrative service account: both values are GUIDs shown in TDAdmin. */
  record WebServicesKey(String beid, String webServicesKey) implements TdxCredentials {
    public WebServicesKey {
      beid = required(beid, "BEID");
      webServicesKey = required(webServicesKey, "WebServicesKey");
    }

    @Override
    public String toString() {
      return "WebServicesKey[beid=" + beid + ", key=" + MASK + "]";
    }
  }

  /** A TDX user account (SSO accounts cannot log in to the API). */
  record UsernamePassword(String username, String password) implements TdxCredentials {
    public UsernamePassword {
      username = required(username, "username");
      password = required(password, "password");
    }

    @Override
    public String toString() {
      return "UsernamePassword[username=" + username + ", password=" + MASK + "]";
    }
  }

  /**
   * A bearer token used as is. Surrounding whitespace and JSON quotes are removed, as TDX sometimes
   * hands tokens out quoted.
   */
  record StaticToken(String token) implements TdxCredentials {
    public StaticToken {
      token = required(token, "token").strip();
      if (token.length() >= 2 && token.startsWith("\"") && token.endsWith("\"")) {
        token = token.substring(1, token.length() - 1).strip();
      }
      if (token.isEmpty()) {
        throw new IllegalArgumentException("the TDX API token is empty");
      }
    }

    @Override
    public String toString() {
      return "StaticToken[token=" + MASK + "]";
    }
  }

  /** Whether the client can obtain a new token by itself when the current one expires. */
  default boolean canRenew() {
    return !(this instanceof StaticToken);
  }

  /**
   * Replaces every secret of these credentials that occurs in {@code text} with {@value #MASK}, for
   * text that came from elsewhere (such as a login error body) and is about to be logged or thrown.
   */
  default String redact(String text) {
    if (text == null) {
      return null;
    }
    String secret;
    if (this instanceof WebServicesKey k) {
      secret = k.webServicesKey();
    } else if (this instanceof UsernamePassword u) {
      secret = u.password();
    } else {
      secret = ((StaticToken) this).token();
    }
    return text.replace(secret, MASK);
  }

  /**
   * Reads the credentials from the Python daemon's environment variables: {@code TDX_BEID} and
   * {@code TDX_WEB_SERVICES_KEY}, else {@code TDX_USERNAME} and {@code TDX_PASSWORD}, else {@code
   * TDX_API_TOKEN}. Blank values count as unset.
   *
   * @throws IllegalArgumentException naming the variable that is missing and what to set, when no
   *     complete set is present or only half of a pair is
   */
  static TdxCredentials fromEnvironment(Map<String, String> env) {
    Objects.requireNonNull(env, "env");
    String beid = value(env, "TDX_BEID");
    String key = value(env, "TDX_WEB_SERVICES_KEY");
    String user = value(env, "TDX_USERNAME");
    String password = value(env, "TDX_PASSWORD");
    String token = value(env, "TDX_API_TOKEN");
    if (beid != null && key != null) {
      return new WebServicesKey(beid, key);
    }
    if (beid != null || key != null) {
      String missing = beid == null ? "TDX_BEID" : "TDX_WEB_SERVICES_KEY";
      String present = beid == null ? "TDX_WEB_SERVICES_KEY" : "TDX_BEID";
      throw new IllegalArgumentException(
          present
              + " is set but "
              + missing
              + " is not: set both (the BEID and web services key shown in TDAdmin's"
              + " organization details)");
    }
    if (user != null && password != null) {
      return new UsernamePassword(user, password);
    }
    if (user != null || password != null) {
      String missing = user == null ? "TDX_USERNAME" : "TDX_PASSWORD";
      String present = user == null ? "TDX_PASSWORD" : "TDX_USERNAME";
      throw new IllegalArgumentException(
          present
              + " is set but "
              + missing
              + " is not: set both, or use TDX_BEID and"
              + " TDX_WEB_SERVICES_KEY");
    }
    if (token != null) {
      return new StaticToken(token);
    }
    throw new IllegalArgumentException(
        "no TDX credentials: set TDX_BEID and TDX_WEB_SERVICES_KEY (recommended, an"
            + " administrative service account), or TDX_USERNAME and TDX_PASSWORD, or"
            + " TDX_API_TOKEN (cannot be renewed; expires after 24 h)");
  }

  private static String value(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? null : v.strip();
  }

  private static String required(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("the TDX " + what + " is empty");
    }
    return value;
  }
}
