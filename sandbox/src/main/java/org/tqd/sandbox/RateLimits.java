package org.tqd.sandbox;

import java.time.Duration;

/**
 * How the sandbox enforces TDX's per-method rate limits.
 *
 * @param enabled whether limits are enforced at all; when off, no {@code X-RateLimit-*} headers are
 *     sent either. Default true.
 * @param scale multiplier applied to every documented limit (rounded, at least 1). Default 1.
 * @param window when non-null, replaces every documented window (60 s) with this length, rounded up
 *     to whole seconds, for fast tests. Default null.
 */
public record RateLimits(boolean enabled, double scale, Duration window) {

  /** Checks the values. */
  public RateLimits {
    if (!(scale > 0)) {
      throw new IllegalArgumentException("rate-limit scale must be positive, got " + scale);
    }
    if (window != null && (window.isNegative() || window.isZero())) {
      throw new IllegalArgumentException("rate-limit window must be positive, got " + window);
    }
  }

  /** TDX's documented limits, enforced. */
  public static RateLimits documented() {
    return new RateLimits(true, 1.0, null);
  }

  /** No limits and no rate-limit headers. */
  public static RateLimits off() {
    return new RateLimits(false, 1.0, null);
  }
}
