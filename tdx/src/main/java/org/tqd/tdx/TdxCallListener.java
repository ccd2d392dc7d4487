package org.tqd.tdx;

/**
 * Observes every HTTP exchange the client makes, including logins and repeated calls after a 401 or
 * 429, e.g. to count calls per method in metrics. Called on the calling thread right after the
 * exchange; it must be quick and must not throw (anything it throws is logged and ignored).
 */
@FunctionalInterface
public interface TdxCallListener {

  /** Does nothing. */
  TdxCallListener NONE = (methodTemplate, status, durationNanos) -> {};

  /**
   * One exchange finished.
   *
   * @param methodTemplate the method template, such as {@code GET tickets/{id}}; never contains IDs
   * @param status the HTTP status, or 0 when no response arrived (connect failure, timeout)
   * @param durationNanos time from sending the request to having read the whole response
   */
  void onCall(String methodTemplate, int status, long durationNanos);
}
