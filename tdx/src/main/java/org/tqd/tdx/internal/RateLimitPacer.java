package org.tqd.tdx.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps callers inside TDX's per-method rate limits. TDX counts calls per method in fixed windows
 * and reports, with every response, how many calls are left ({@code X-RateLimit-Remaining}) and
 * when the window ends ({@code X-RateLimit-Reset}). One bucket per method template tracks the
 * latest of these; a caller may send only while the calls left exceed the calls already in flight,
 * otherwise it waits for an answer to arrive or for the window to end (plus a margin). Because
 * every caller of a method goes through the same bucket, a pool of threads never sends more than
 * TDX allows. Methods whose responses carry no such headers are not paced.
 *
 * <p>The reset time is on the server's clock. It is converted to the local clock with an offset
 * estimated from {@code Date} headers; the estimate errs towards waiting longer.
 */
public final class RateLimitPacer {

  private static final Logger log = LoggerFactory.getLogger(RateLimitPacer.class);

  /** How long a window is assumed to last after a 429 that names no reset time. */
  static final long RESET_UNKNOWN_MILLIS = 5_000;

  /** How often a waiting caller checks the clock again, even if nothing signalled it. */
  private static final long RECHECK_MILLIS = 1_000;

  /** Two reset times this close apart denote the same window (the header has 1 s resolution). */
  private static final long SAME_WINDOW_MILLIS = 1_000;

  private final Clock clock;
  private final long marginMillis;
  private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  /**
   * How long an offset estimate stands before a lower one may replace it, so that a server clock
   * that was set back is followed.
   */
  private static final long SKEW_MEMORY_MILLIS = 60_000;

  /**
   * Server clock minus local clock, in milliseconds. Each {@code Date} header gives an estimate
   * that is too low by up to a second (the header has whole seconds) plus the time the answer took
   * to arrive; the highest recent estimate is the closest.
   */
  private volatile long skewMillis;

  private volatile boolean closed;

  private boolean skewKnown;
  private long skewObservedAt;

  public RateLimitPacer(Clock clock, Duration margin) {
    this.clock = clock;
    this.marginMillis = margin.toMillis();
  }

  /** Thrown when sending would mean waiting longer than allowed for a window to reset. */
  public static final class WaitTooLong extends Exception {
    private final Instant resetAt;

    WaitTooLong(Instant resetAt) {
      super("rate-limit window resets at " + resetAt, null, false, false);
      this.resetAt = resetAt;
    }

    public Instant resetAt() {
      return resetAt;
    }
  }

  /** Thrown when the pacer was closed while, or before, a caller had to wait. */
  public static final class Closed extends Exception {
    private static final long serialVersionUID = 1L;

    Closed() {
      super("the rate-limit pacer is closed", null, false, false);
    }
  }

  /** The right to send one call; hand it back with {@link #complete} or {@link #abandon}. */
  public static final class Permit {
    private final Bucket bucket;
    private boolean released;

    private Permit(Bucket bucket) {
      this.bucket = bucket;
    }
  }

  /**
   * Waits until a call of {@code template} may be sent and reserves it.
   *
   * @param maxWaitMillis the longest to wait for an exhausted window to reset
   * @throws WaitTooLong when the window would reset later than that
   * @throws Closed when the call would have to wait and {@link #close()} was called
   * @throws InterruptedException when the thread is interrupted while waiting
   */
  public Permit acquire(String template, long maxWaitMillis)
      throws WaitTooLong, Closed, InterruptedException {
    Bucket b = buckets.computeIfAbsent(template, k -> new Bucket());
    b.lock.lock();
    try {
      boolean logged = false;
      while (true) {
        long now = clock.millis();
        if (b.reset != null && now >= openAt(b.reset)) {
          // The window is over: the next one starts with its full allowance (if known).
          b.reset = null;
          b.remaining = b.limit;
        }
        if (b.remaining < 0 || b.remaining - b.inFlight > 0) {
          b.inFlight++;
          return new Permit(b);
        }
        if (closed) {
          throw new Closed();
        }
        if (b.remaining <= 0 && b.reset != null) {
          long wait = openAt(b.reset) - now;
          if (wait > maxWaitMillis) {
            throw new WaitTooLong(b.reset);
          }
          if (!logged) {
            log.debug("{}: rate-limit window used up, waiting {} ms", template, wait);
            logged = true;
          }
          b.changed.await(Math.min(wait, RECHECK_MILLIS), TimeUnit.MILLISECONDS);
        } else {
          // Calls in flight hold the rest of the window; their answers will tell what is left.
          long wait = b.reset == null ? RECHECK_MILLIS : openAt(b.reset) - now;
          b.changed.await(Math.max(Math.min(wait, RECHECK_MILLIS), 1), TimeUnit.MILLISECONDS);
        }
      }
    } finally {
      b.lock.unlock();
    }
  }

  /**
   * Ends every wait: callers waiting in {@link #acquire} now, and later callers that would have to
   * wait, get {@link Closed}. Callers that need not wait still get a permit.
   */
  public void close() {
    closed = true;
    for (Bucket b : buckets.values()) {
      b.lock.lock();
      try {
        b.changed.signalAll();
      } finally {
        b.lock.unlock();
      }
    }
  }

  /** Records the answer to a call sent under {@code permit}. */
  public void complete(Permit permit, int status, RateLimitHeaders headers) {
    if (headers.serverDate() != null) {
      observeServerDate(headers.serverDate());
    }
    Bucket b = permit.bucket;
    b.lock.lock();
    try {
      release(permit);
      long now = clock.millis();
      if (headers.limit() != null && headers.limit() > 0) {
        b.limit = headers.limit();
      }
      if (status == 429) {
        Instant reset = headers.reset();
        if (reset == null || openAt(reset) <= now) {
          reset = Instant.ofEpochMilli(now + skewMillis + RESET_UNKNOWN_MILLIS);
        }
        b.remaining = 0;
        b.reset = b.reset == null || reset.isAfter(b.reset) ? reset : b.reset;
      } else if (headers.remaining() != null && headers.reset() != null) {
        observe(b, headers.remaining(), headers.reset(), now);
      }
      b.changed.signalAll();
    } finally {
      b.lock.unlock();
    }
  }

  /** Gives back a permit whose call got no answer. */
  public void abandon(Permit permit) {
    Bucket b = permit.bucket;
    b.lock.lock();
    try {
      release(permit);
      b.changed.signalAll();
    } finally {
      b.lock.unlock();
    }
  }

  /** Converts a server-clock instant (such as a reset time) to local epoch milliseconds. */
  public long toLocalMillis(Instant serverInstant) {
    return serverInstant.toEpochMilli() - skewMillis;
  }

  private synchronized void observeServerDate(Instant serverDate) {
    long now = clock.millis();
    long estimate = serverDate.toEpochMilli() - now;
    if (!skewKnown || estimate >= skewMillis || now - skewObservedAt > SKEW_MEMORY_MILLIS) {
      skewKnown = true;
      skewMillis = estimate;
      skewObservedAt = now;
    }
  }

  private static void release(Permit permit) {
    if (!permit.released) {
      permit.released = true;
      permit.bucket.inFlight--;
    }
  }

  private void observe(Bucket b, int remaining, Instant reset, long now) {
    if (openAt(reset) <= now) {
      return; // an answer from a window that is already over
    }
    if (b.reset == null || reset.toEpochMilli() - b.reset.toEpochMilli() > SAME_WINDOW_MILLIS) {
      b.reset = reset;
      b.remaining = remaining;
    } else if (Math.abs(reset.toEpochMilli() - b.reset.toEpochMilli()) <= SAME_WINDOW_MILLIS) {
      // Answers arrive out of order; the lowest count is the most recent.
      b.remaining = b.remaining < 0 ? remaining : Math.min(b.remaining, remaining);
      if (reset.isAfter(b.reset)) {
        b.reset = reset;
      }
    }
  }

  private long openAt(Instant reset) {
    return toLocalMillis(reset) + marginMillis;
  }

  private static final class Bucket {
    final ReentrantLock lock = new ReentrantLock();
    final Condition changed = lock.newCondition();

    /** Calls allowed per window, or -1 while unknown. */
    int limit = -1;

    /** Calls left in the current window as TDX last reported them, or -1 while unknown. */
    int remaining = -1;

    /** End of the current window on the server's clock, or null when no window is known. */
    Instant reset;

    /** Calls sent and not yet answered. */
    int inFlight;
  }
}
