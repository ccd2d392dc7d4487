package org.tqd.app;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tqd.activities.assets.SyncedAssetIndex;
import org.tqd.activities.tickets.SyncedTicketIndex;
import org.tqd.starter.WorkTracker;

/**
 * The starter's work tracker: the ledger's answer, and, when a poll has tickets to start, the asset
 * index and the ticket index brought up to date with TDX first, at the same time (one incremental
 * asset search; one ticket search, plus the computer links of changed tickets outside this poll's
 * starts, see {@link SyncedTicketIndex}). The ticket index is synced once per poll rather than
 * searched per ticket, so a ticket created or closed a moment before the poll shows in the
 * related-ticket tables of the tickets this poll starts. A ticket in the report was written after
 * the computers it names were created in TDX, and the index is synced after the report was read, so
 * every ticket of the poll is matched against every computer it can name. The index's own refresh,
 * at most once a minute, could miss a computer created in the minute before the ticket. A poll with
 * nothing to start costs no call. If the sync fails, the poll goes on: the actions refresh the
 * index themselves when it is stale.
 */
final class IndexRefreshingTracker implements WorkTracker {

  private static final Logger log = LoggerFactory.getLogger(IndexRefreshingTracker.class);

  private final WorkTracker ledger;
  private final SyncedAssetIndex index;
  private final SyncedTicketIndex tickets;

  IndexRefreshingTracker(WorkTracker ledger, SyncedAssetIndex index, SyncedTicketIndex tickets) {
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.index = Objects.requireNonNull(index, "index");
    this.tickets = Objects.requireNonNull(tickets, "tickets");
  }

  @Override
  public PendingWork pendingWork(
      List<Integer> ticketIds, List<String> actionIds, int maxRunsBeforePark) {
    PendingWork work = ledger.pendingWork(ticketIds, actionIds, maxRunsBeforePark);
    if (!work.needingWork().isEmpty()) {
      // The two indexes are independent: the asset index syncs on its own thread meanwhile.
      CompletableFuture<Void> assets =
          CompletableFuture.runAsync(
              () -> {
                try {
                  index.refresh();
                } catch (RuntimeException e) {
                  log.warn(
                      "asset index not refreshed before starting {} ticket(s): {}",
                      work.needingWork().size(),
                      e.getMessage());
                  log.debug("asset index refresh failed", e);
                }
              },
              runnable -> {
                Thread t = new Thread(runnable, "tqd-asset-index-sync");
                t.setDaemon(true);
                t.start();
              });
      try {
        tickets.refresh(work.needingWork());
      } catch (RuntimeException e) {
        log.warn(
            "ticket index not refreshed before starting {} ticket(s): {}",
            work.needingWork().size(),
            e.getMessage());
        log.debug("ticket index refresh failed", e);
      }
      assets.join();
    }
    return work;
  }
}
