package org.tqd.tdx;

/** What the client does when TDX answers 429 Too Many Requests despite its pacing. */
public enum RateLimitMode {
  /**
   * Throw {@link TdxException.RateLimited} at once, carrying the reset time. Meant for Temporal
   * activities, which turn it into a retry with a delay instead of holding a worker slot.
   */
  SURFACE,

  /**
   * Sleep until the reset time plus {@link TdxClientConfig#waitAfter429()} (5 s by default; only
   * that when the reset is missing or past) and call again, at most {@link
   * TdxClientConfig#max429Retries()} times, then throw {@link TdxException.RateLimited}. Meant for
   * command-line tools.
   */
  WAIT
}
