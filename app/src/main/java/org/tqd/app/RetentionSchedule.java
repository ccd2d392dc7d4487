package org.tqd.app;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tqd.activities.ledger.LedgerRetention;

/**
 * Applies {@code TQD_RETENTION_DAYS} once a day from the daemon starter: every hour it asks the
 * database whether today's purge has been claimed (by this or any other tqd process sharing the
 * ledger) and, if not, claims and runs it. A failed purge is logged and tried again the next day or
 * by {@code tqd ledger purge}.
 */
final class RetentionSchedule implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RetentionSchedule.class);

  private final LedgerRetention retention;
  private final int days;
  private final ScheduledExecutorService timer;

  RetentionSchedule(LedgerRetention retention, int days) {
    this.retention = retention;
    this.days = days;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "tqd-retention");
              t.setDaemon(true);
              return t;
            });
  }

  /** Starts checking: the first check a minute from now, then every hour. */
  RetentionSchedule start() {
    timer.scheduleWithFixedDelay(this::runIfDue, 1, 60, TimeUnit.MINUTES);
    log.info(
        "retention: personal data of tickets out of every report for {} days is purged daily",
        days);
    return this;
  }

  void runIfDue() {
    try {
      if (!retention.claimDailyPurge()) {
        return;
      }
      LedgerRetention.PurgeResult r = retention.purge(days, false);
      log.info(
          "retention: purged personal data from {} row(s) of {} ticket(s) out of every report for"
              + " {} days; kept {} unfinished row(s); other tables {}",
          r.rows(),
          r.tickets(),
          days,
          r.unfinishedKept(),
          r.otherTables());
    } catch (RuntimeException e) {
      log.warn("retention: daily purge failed ({}); it is tried again tomorrow", e.getMessage());
      log.debug("retention purge failed", e);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
