package org.tqd.sandbox.internal.limits;

/**
 * The documented rate limit of one API method: at most {@code calls} calls per key every {@code
 * windowSeconds} seconds, in a fixed window that starts with the first call.
 *
 * @param calls calls allowed per window
 * @param windowSeconds window length in seconds
 * @param key whether calls are counted per client address or per authenticated user
 */
public record LimitRule(int calls, int windowSeconds, Key key) {

  /** What a bucket is keyed by. */
  public enum Key {
    /** The client's IP address. */
    IP,
    /** The authenticated user (the token's {@code unique_name}). */
    USER
  }

  /** {@code calls} per IP per 60 s. */
  public static LimitRule perIp(int calls) {
    return new LimitRule(calls, 60, Key.IP);
  }

  /** {@code calls} per user per 60 s. */
  public static LimitRule perUser(int calls) {
    return new LimitRule(calls, 60, Key.USER);
  }
}
