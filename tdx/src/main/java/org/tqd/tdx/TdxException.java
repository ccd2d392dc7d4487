package org.tqd.tdx;

import java.time.Instant;

/**
 * A failed TDX call. Every subclass names the API method (e.g. {@code GET tickets/{id}}) and the
 * URL that failed, and carries TDX's {@code Message} when it sent one. Credentials never appear in
 * the message.
 */
public abstract class TdxException extends RuntimeException {

  private final String method;
  private final String url;
  private final int status;

  protected TdxException(String method, String url, int status, String detail, Throwable cause) {
    super(method + " " + url + " failed: " + detail, cause);
    this.method = method;
    this.url = url;
    this.status = status;
  }

  /** The method template, such as {@code GET tickets/{id}}. */
  public String method() {
    return method;
  }

  /** The URL called (no credentials are ever part of a URL). */
  public String url() {
    return url;
  }

  /** The HTTP status, or 0 when no response arrived. */
  public int status() {
    return status;
  }

  /** True when calling again may succeed (429, 408, 5xx, transport); false for other 4xx. */
  public abstract boolean isRetryable();

  /** 400: TDX rejected the request as invalid. */
  public static final class BadRequest extends TdxException {
    public BadRequest(String method, String url, String message) {
      super(method, url, 400, "400 Bad Request: " + message, null);
    }

    @Override
    public boolean isRetryable() {
      return false;
    }
  }

  /** 401 after one re-login: the credentials are wrong, revoked, or lack permission. */
  public static final class Unauthorized extends TdxException {
    public Unauthorized(String method, String url, String message) {
      super(method, url, 401, "401 Unauthorized: " + message, null);
    }

    /**
     * A refused login, where TDX may answer 400, 401, 403, or 404 for a wrong base URL; {@code
     * status} is what it answered.
     */
    public Unauthorized(String method, String url, int status, String message) {
      super(method, url, status, "login refused with HTTP " + status + ": " + message, null);
    }

    @Override
    public boolean isRetryable() {
      return false;
    }
  }

  /** 403: the account may not do this. */
  public static final class Forbidden extends TdxException {
    public Forbidden(String method, String url, String message) {
      super(method, url, 403, "403 Forbidden: " + message, null);
    }

    @Override
    public boolean isRetryable() {
      return false;
    }
  }

  /** 404: the ticket, asset, report or application does not exist. */
  public static final class NotFound extends TdxException {
    public NotFound(String method, String url, String message) {
      super(method, url, 404, "404 Not Found: " + message, null);
    }

    @Override
    public boolean isRetryable() {
      return false;
    }
  }

  /** 429: the method's rate limit is used up until {@link #resetAt()}. */
  public static final class RateLimited extends TdxException {
    private final Instant resetAt;

    public RateLimited(String method, String url, Instant resetAt) {
      super(method, url, 429, "429 Too Many Requests until " + resetAt, null);
      this.resetAt = resetAt;
    }

    /** When the method's window resets (from {@code X-RateLimit-Reset}); TDX asks for 5 s more. */
    public Instant resetAt() {
      return resetAt;
    }

    @Override
    public boolean isRetryable() {
      return true;
    }
  }

  /** 5xx, 408, or another unexpected status. */
  public static final class ServerError extends TdxException {
    public ServerError(String method, String url, int status, String message) {
      super(method, url, status, status + ": " + message, null);
    }

    @Override
    public boolean isRetryable() {
      return true;
    }
  }

  /** No usable response: connection refused, reset, timed out, or a body that is not JSON. */
  public static final class Transport extends TdxException {
    public Transport(String method, String url, String detail, Throwable cause) {
      super(method, url, 0, detail, cause);
    }

    @Override
    public boolean isRetryable() {
      return true;
    }
  }
}
