package org.tqd.sandbox.internal.http;

/** An error answered as {@code {"Message": …}} with the given status. */
public final class ApiException extends RuntimeException {

  private final int status;

  public ApiException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  public int status() {
    return status;
  }

  /** 400 for a request that fails validation. */
  public static ApiException badRequest(String message) {
    return new ApiException(400, message);
  }

  /** 404 for an unknown entity. */
  public static ApiException notFound(String message) {
    return new ApiException(404, message);
  }
}
