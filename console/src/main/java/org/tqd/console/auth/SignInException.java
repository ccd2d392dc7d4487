package org.tqd.console.auth;

/**
 * A sign-in to the operator page that did not succeed. The message is for the person signing in:
 * what went wrong and what to do; it never quotes a code, token or secret.
 */
public final class SignInException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;

  public SignInException(int status, String message) {
    super(message);
    this.status = status;
  }

  public SignInException(int status, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  /**
   * The HTTP status to answer with: 400 (a broken or stale sign-in), 403 (refused), 502 (the
   * identity provider), 503 (too many sign-ins in progress).
   */
  public int status() {
    return status;
  }
}
