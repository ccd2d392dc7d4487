package org.tqd.tdx;

import java.time.Instant;

/**
 * What TDX's rate-limit headers said in an answer. Any field is null when TDX did not send that
 * header (or sent it malformed).
 *
 * @param limit {@code X-RateLimit-Limit}: calls allowed in the window
 * @param remaining {@code X-RateLimit-Remaining}: calls left in the window
 * @param reset {@code X-RateLimit-Reset}: when the window ends (TDX's clock)
 */
public record RateLimitStatus(Integer limit, Integer remaining, Instant reset) {

  /** True when all three headers came: tqd paces itself from them. */
  public boolean complete() {
    return limit != null && remaining != null && reset != null;
  }
}
