package org.tqd.sandbox.internal.limits;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import org.tqd.sandbox.RateLimits;

/**
 * TDX's rate limiter: one bucket per method template and key (IP or user), each a fixed window that
 * starts with the first call and ends {@code window} seconds later; the next call after that starts
 * a new window. A call past the limit is refused and does not count.
 */
public final class RateLimiter {

  /** RFC 1123 as ASP.NET writes it ({@code "r"}): two-digit day, always GMT. */
  public static final DateTimeFormatter RFC_1123 =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
          .withZone(ZoneOffset.UTC);

  /**
   * The outcome for one call.
   *
   * @param allowed whether the call may proceed
   * @param limit calls allowed in the window
   * @param remaining calls left in the window after this one
   * @param reset when the window ends
   */
  public record Decision(boolean allowed, int limit, int remaining, Instant reset) {

    /** The reset time formatted for {@code X-RateLimit-Reset}. */
    public String resetHeader() {
      return RFC_1123.format(reset);
    }
  }

  private static final class Bucket {
    Instant end;
    int used;
  }

  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
  private volatile RateLimits settings;

  public RateLimiter(RateLimits settings) {
    this.settings = settings;
  }

  public RateLimits settings() {
    return settings;
  }

  /** Replaces the settings; existing windows run out under the old ones. */
  public void settings(RateLimits settings) {
    this.settings = settings;
  }

  /** Whether limits are enforced. */
  public boolean enabled() {
    return settings.enabled();
  }

  /** Counts a call in its bucket and decides whether it may proceed. */
  public Decision acquire(String template, LimitRule rule, String key, Instant now) {
    return decide(template, rule, key, now, false);
  }

  /** Refuses a call (a forced 429) reporting the bucket's current window without counting it. */
  public Decision refuse(String template, LimitRule rule, String key, Instant now) {
    return decide(template, rule, key, now, true);
  }

  private Decision decide(String template, LimitRule rule, String key, Instant now, boolean force) {
    RateLimits s = settings;
    int limit = Math.max(1, (int) Math.round(rule.calls() * s.scale()));
    long windowMillis = s.window() != null ? s.window().toMillis() : rule.windowSeconds() * 1000L;
    Bucket bucket = buckets.computeIfAbsent(template + "|" + key, k -> new Bucket());
    synchronized (bucket) {
      if (bucket.end == null || !now.isBefore(bucket.end)) {
        bucket.end = ceilToSecond(now.plusMillis(windowMillis));
        bucket.used = 0;
      }
      if (force || bucket.used >= limit) {
        return new Decision(false, limit, 0, bucket.end);
      }
      bucket.used++;
      return new Decision(true, limit, limit - bucket.used, bucket.end);
    }
  }

  /** Forgets every window. */
  public void reset() {
    buckets.clear();
  }

  private static Instant ceilToSecond(Instant t) {
    return t.getNano() == 0 ? t : Instant.ofEpochSecond(t.getEpochSecond() + 1);
  }
}
