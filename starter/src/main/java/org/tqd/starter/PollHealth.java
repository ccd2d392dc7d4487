package org.tqd.starter;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.tqd.starter.PollResult.ErrorKind;

/**
 * The starter's health for {@code /health}, from its polls: DOWN while the ledger cannot be read
 * (the last poll's ledger query failed) and after {@link #DEFAULT_FAILED_POLLS} polls in a row
 * failed (the report could not be read, Temporal refused the starts); UP again at the first poll
 * that succeeds. UP before the first poll. A listener: it passes each poll on to the next one.
 *
 * <p>Thread-safe.
 */
public final class PollHealth implements PollListener {

  /** Failed polls in a row after which the starter reports DOWN: 3. */
  public static final int DEFAULT_FAILED_POLLS = 3;

  private final PollListener next;
  private final int failedPolls;
  private final AtomicInteger failedInARow = new AtomicInteger();
  private final AtomicReference<String> down = new AtomicReference<>();

  /**
   * @param next told about every poll after this one, or null
   * @param failedPolls failed polls in a row that make the starter DOWN; at least 1
   */
  public PollHealth(PollListener next, int failedPolls) {
    if (failedPolls < 1) {
      throw new IllegalArgumentException("failedPolls must be at least 1, got " + failedPolls);
    }
    this.next = next;
    this.failedPolls = failedPolls;
  }

  @Override
  public void pollFinished(PollResult result) {
    if (result.succeeded()) {
      failedInARow.set(0);
      down.set(null);
    } else {
      int failed = failedInARow.incrementAndGet();
      if (result.error() != null && result.error().kind() == ErrorKind.LEDGER) {
        down.set("the ledger cannot be read: " + result.error().message());
      } else if (failed >= failedPolls) {
        down.set(failed + " polls in a row failed; last: " + result.line());
      }
    }
    if (next != null) {
      next.pollFinished(result);
    }
  }

  /** Whether the starter is healthy. */
  public boolean healthy() {
    return down.get() == null;
  }

  /** Why the starter is DOWN, or null when it is UP. */
  public String reason() {
    return down.get();
  }
}
