package org.tqd.console.api;

/**
 * A request the operator API cannot carry out: answered with {@link #status()} and {@code
 * {"error":{"code":…,"message":…}}}.
 */
public final class ApiException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;

  public ApiException(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  /** 400 INVALID_REQUEST. */
  public static ApiException invalid(String message) {
    return new ApiException(400, "INVALID_REQUEST", message);
  }

  /** 404 NOT_FOUND. */
  public static ApiException notFound(String message) {
    return new ApiException(404, "NOT_FOUND", message);
  }

  /** 409 CONFLICT. */
  public static ApiException conflict(String message) {
    return new ApiException(409, "CONFLICT", message);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }
}
