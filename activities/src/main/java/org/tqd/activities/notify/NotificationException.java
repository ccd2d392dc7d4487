package org.tqd.activities.notify;

/**
 * A notification that could not be sent. The message names the channel and what answered, never a
 * URL, token or password.
 */
public final class NotificationException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final boolean retryable;

  /**
   * @param message what went wrong and what to do
   * @param retryable false for answers that another attempt would not change (4xx other than 408
   *     and 429, missing settings)
   */
  public NotificationException(String message, boolean retryable) {
    super(message);
    this.retryable = retryable;
  }

  /** Whether another attempt may succeed. */
  public boolean retryable() {
    return retryable;
  }
}
