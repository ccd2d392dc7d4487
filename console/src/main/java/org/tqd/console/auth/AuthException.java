package org.tqd.console.auth;

/**
 * A request the console refuses: {@link #status()} 401 (no or an invalid credential, code {@code
 * UNAUTHENTICATED}), 403 (not allowed, code {@code INSUFFICIENT_PERMISSIONS}; or a session's write
 * without its CSRF token, code {@code CSRF_TOKEN_INVALID}) or 429 (too many failed authentications,
 * code {@code RATE_LIMITED}). Messages never quote a credential.
 */
public final class AuthException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final String requiredPermission;
  private final String userRole;

  private AuthException(
      int status, String code, String message, String requiredPermission, String userRole) {
    super(message);
    this.status = status;
    this.code = code;
    this.requiredPermission = requiredPermission;
    this.userRole = userRole;
  }

  /** 401 UNAUTHENTICATED. */
  public static AuthException unauthenticated(String message) {
    return new AuthException(401, "UNAUTHENTICATED", message, null, null);
  }

  /** 403 INSUFFICIENT_PERMISSIONS. */
  public static AuthException forbidden(Caller caller, String permission) {
    String role = caller.role() == null ? null : caller.role().wireName();
    return new AuthException(
        403,
        "INSUFFICIENT_PERMISSIONS",
        (role == null ? "no role is granted to " + caller.name() : "role " + role)
            + " does not hold the permission "
            + permission,
        permission,
        role);
  }

  /** 403 CSRF_TOKEN_INVALID: a write of a signed-in browser without its session's CSRF token. */
  public static AuthException csrf(Caller caller) {
    return new AuthException(
        403,
        "CSRF_TOKEN_INVALID",
        "a write made with a sign-in session must send the session's CSRF token in the"
            + " X-CSRF-Token header (GET /auth/session returns it as csrf_token); none or another"
            + " was sent",
        null,
        caller.role() == null ? null : caller.role().wireName());
  }

  /** 429 RATE_LIMITED. */
  public static AuthException rateLimited(long retryAfterSeconds) {
    return new AuthException(
        429,
        "RATE_LIMITED",
        "too many failed authentications from this address; try again in "
            + retryAfterSeconds
            + " s",
        null,
        null);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  /** The permission a 403 lacked; null otherwise. */
  public String requiredPermission() {
    return requiredPermission;
  }

  /** The caller's role in a 403 (null when it has none); null otherwise. */
  public String userRole() {
    return userRole;
  }
}
