package org.tqd.activities.tickets;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tqd.activities.ledger.AssetSyncState;
import org.tqd.activities.ledger.TicketIndex;
import org.tqd.activities.ledger.TicketIndex.LinkRead;
import org.tqd.activities.ledger.TicketIndex.TicketLink;
import org.tqd.tdx.TdxApi;
import org.tqd.tdx.model.ConfigurationItem;
import org.tqd.tdx.model.Ticket;
import org.tqd.tdx.model.TicketSearch;

/**
 * The local index of TDX's active tickets and of the computers linked to them ({@link
 * TicketIndex}), kept in step with TDX once per poll, so that {@code find_active_tickets} lists the
 * requestor's other active tickets and the active tickets on the ticket's computers without a
 * ticket search per ticket.
 *
 * <p>Why: TDX allows 30 ticket searches a minute, and the search was two calls for most tickets, so
 * it alone held the standard pipeline to ~16 tickets a minute while every other method allowed 60.
 * Report rows carry no requestor UID, so the starter cannot batch the searches itself; a copy of
 * the active tickets answers both questions with one query each.
 *
 * <p>How it stays fresh ({@link #refresh}, by the starter when a poll has tickets to start, and
 * {@link #refreshIfStale} by the action, at most once per {@link Options#maxAge()}):
 *
 * <ol>
 *   <li>one {@code POST tickets/search}. The first sync, and one every {@link
 *       Options#fullSyncEvery()}, asks for every ticket in the indexed statuses ({@code StatusIDs},
 *       {@code MaxResults} 0) and replaces the index with the answer. Every other sync is
 *       incremental: it asks for the tickets of any status modified since the high-water mark (the
 *       newest {@code ModifiedDate} seen, less {@link Options#overlap()}; {@code
 *       ModifiedDateFrom}), updates those in the indexed statuses and drops those that come back in
 *       another status (closed, cancelled). Either way a ticket created a moment before appears,
 *       and one closed or moved out of the statuses disappears, at the latest one poll later; the
 *       answer of an incremental sync is the few tickets that changed, not every active one;
 *   <li>one {@code GET tickets/{id}/assets} for each ticket whose links are unknown, or were read
 *       by the sync before the ticket last changed, except the tickets the poll is starting: their
 *       own {@code add_asset} reads them anyway and records them here ({@link #recordRead}), and
 *       the computers it attaches ({@link #recordAdded}). So a queue ticket costs one read of its
 *       links in all, and only tickets outside the queue (read once, and again when they change)
 *       cost the sync anything.
 * </ol>
 *
 * Refreshes are single-flight across workers (a PostgreSQL advisory lock); readers are never
 * blocked, except before the first sync, which they wait for (up to {@link
 * Options#firstSyncWait()}).
 *
 * <p>Limits: a computer someone attaches by hand to a ticket after tqd's run recorded that ticket's
 * links is seen when that ticket's links are next read (a later run of the ticket). A ticket TDX
 * deletes (rather than closes) leaves no trace an incremental sync can see; the next full sync
 * drops it. Thread-safe.
 */
public final class SyncedTicketIndex {

  private static final Logger log = LoggerFactory.getLogger(SyncedTicketIndex.class);

  private static final Duration FIRST_SYNC_POLL = Duration.ofMillis(200);

  /**
   * Links an action's own refresh reads at most (about 30 s of TDX's 60 a minute), so that it ends
   * well within the activity's timeout; the starter's refresh reads the rest.
   */
  static final int INLINE_LINK_READS = 30;

  /**
   * How the index is kept.
   *
   * @param statusIds the ticket statuses to index; default the daemon's active statuses {@code
   *     [115, 117, 121, 619, 620, 622]}
   * @param maxAge how old the last sync may be before {@link #refreshIfStale} syncs again; default
   *     60 s
   * @param firstSyncWait how long a reader waits for another worker's first sync; default 2 minutes
   * @param pendingExpiry how long links of a ticket a poll started are left to its run; default 1 h
   * @param overlap how far before the high-water mark an incremental sync asks from, for changes
   *     TDX dates a little before others it already answered; default 2 minutes
   * @param fullSyncEvery how often a sync copies every active ticket instead of the changed ones
   *     (to drop tickets deleted in TDX); default 24 hours
   */
  public record Options(
      List<Integer> statusIds,
      Duration maxAge,
      Duration firstSyncWait,
      Duration pendingExpiry,
      Duration overlap,
      Duration fullSyncEvery) {

    public Options {
      statusIds = List.copyOf(statusIds);
      if (statusIds.isEmpty()) {
        throw new IllegalArgumentException("the ticket index needs at least one status ID");
      }
      Objects.requireNonNull(maxAge, "maxAge");
      Objects.requireNonNull(firstSyncWait, "firstSyncWait");
      Objects.requireNonNull(pendingExpiry, "pendingExpiry");
      Objects.requireNonNull(overlap, "overlap");
      Objects.requireNonNull(fullSyncEvery, "fullSyncEvery");
    }

    /** The daemon's active statuses, 60 s, 2 minutes, 1 hour, 2 minutes, 24 hours. */
    public static Options defaults() {
      return new Options(
          List.of(115, 117, 121, 619, 620, 622),
          Duration.ofSeconds(60),
          Duration.ofMinutes(2),
          Duration.ofHours(1),
          Duration.ofMinutes(2),
          Duration.ofHours(24));
    }

    /** These options with other statuses. */
    public Options withStatusIds(List<Integer> ids) {
      return new Options(ids, maxAge, firstSyncWait, pendingExpiry, overlap, fullSyncEvery);
    }

    /** These options with another maximum age. */
    public Options withMaxAge(Duration age) {
      return new Options(statusIds, age, firstSyncWait, pendingExpiry, overlap, fullSyncEvery);
    }

    /** These options with another interval between full syncs. */
    public Options withFullSyncEvery(Duration every) {
      return new Options(statusIds, maxAge, firstSyncWait, pendingExpiry, overlap, every);
    }
  }

  /**
   * What a refresh did.
   *
   * @param synced whether this call synced (false: fresh enough, or another worker was syncing)
   * @param tickets tickets TDX returned (every active one in a full sync, the changed ones in an
   *     incremental sync)
   * @param removed tickets no longer active, removed from the index
   * @param linksRead tickets whose links were read
   * @param full whether the sync copied every active ticket
   */
  public record Refresh(boolean synced, int tickets, int removed, int linksRead, boolean full) {
    static final Refresh NONE = new Refresh(false, 0, 0, 0, false);
  }

  private final TdxApi tdx;
  private final TicketIndex store;
  private final Options options;
  private final Clock clock;

  /**
   * Until when the last sync this process read from the database is fresh: {@link #refreshIfStale}
   * answers from memory before then instead of reading the sync state again (one database round
   * trip saved per action; a sync by another worker can only make it fresher).
   */
  private volatile Instant freshUntil = Instant.MIN;

  public SyncedTicketIndex(TdxApi tdx, TicketIndex store, Options options, Clock clock) {
    this.tdx = Objects.requireNonNull(tdx, "tdx");
    this.store = Objects.requireNonNull(store, "store");
    this.options = Objects.requireNonNull(options, "options");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Whether the index holds every ticket in these statuses. */
  public boolean covers(Collection<Integer> statusIds) {
    return options.statusIds().containsAll(statusIds);
  }

  /**
   * Syncs now (single-flight), leaving the links of {@code startingTickets} to their runs.
   *
   * @param startingTickets tickets whose workflows the caller is about to start
   * @throws org.tqd.tdx.TdxException if TDX fails
   * @throws org.tqd.activities.ledger.LedgerUnavailableException if the database fails
   */
  public Refresh refresh(Collection<Integer> startingTickets) {
    Refresh[] done = {Refresh.NONE};
    store.tryExclusive(() -> done[0] = sync(startingTickets, Integer.MAX_VALUE));
    return done[0];
  }

  /**
   * Syncs when the last sync is older than the maximum age and no other worker is syncing (reading
   * at most {@value #INLINE_LINK_READS} tickets' links); before the very first sync, waits for
   * another worker's.
   *
   * @throws IllegalStateException if the index has never been synced and another worker's first
   *     sync did not finish within {@link Options#firstSyncWait()} (retry later)
   */
  public Refresh refreshIfStale() {
    if (clock.instant().isBefore(freshUntil)) {
      return Refresh.NONE;
    }
    AssetSyncState state = store.syncState();
    if (isFresh(state)) {
      freshUntil = state.lastSyncAt().orElseThrow().plus(options.maxAge());
      return Refresh.NONE;
    }
    Refresh[] done = {Refresh.NONE};
    store.tryExclusive(
        () -> {
          if (!isFresh(store.syncState())) {
            done[0] = sync(Set.of(), INLINE_LINK_READS);
          }
        });
    if (!done[0].synced() && state.lastSyncAt().isEmpty()) {
      awaitFirstSync();
    }
    return done[0];
  }

  /** The indexed tickets of a requestor in one of the statuses. */
  public List<Ticket> byRequestor(String requestorUid, Collection<Integer> statusIds) {
    return store.byRequestor(requestorUid, statusIds);
  }

  /** The indexed tickets in one of the statuses linked to one of the assets. */
  public List<Ticket> byAssets(Set<Integer> assetIds, Collection<Integer> statusIds) {
    return store.byAssets(assetIds, statusIds);
  }

  /**
   * The computers linked to a ticket, if the index has read them since the ticket last changed.
   *
   * @param ticket the ticket as its run read it (its {@code ModifiedDate} decides freshness)
   */
  public Optional<List<TicketLink>> linksIfFresh(Ticket ticket) {
    return store.linksIfFresh(ticket.id(), parse(ticket.modifiedDate()));
  }

  /**
   * Every configuration item of a ticket (asset-backed or not, such as a lab), in TDX's order, if
   * the index has read them since the ticket last changed.
   *
   * @param ticket the ticket as its run read it (its {@code ModifiedDate} decides freshness)
   */
  public Optional<List<ConfigurationItem>> itemsIfFresh(Ticket ticket) {
    return store.itemsIfFresh(ticket.id(), parse(ticket.modifiedDate()));
  }

  /**
   * Records the links a ticket's run read from TDX ({@code GET tickets/{id}/assets}) for the ticket
   * as that run read it.
   */
  public void recordRead(Ticket ticket, List<ConfigurationItem> items) {
    store.upsert(ticket);
    Instant readFor = parse(ticket.modifiedDate());
    store.recordLinks(
        ticket.id(),
        items,
        readFor == null ? clock.instant() : readFor,
        TicketIndex.SOURCE_PIPELINE);
  }

  /** Records computers a ticket's run attached. */
  public void recordAdded(int ticketId, Collection<Integer> assetIds) {
    store.addLinks(ticketId, assetIds);
  }

  private boolean isFresh(AssetSyncState state) {
    Optional<Instant> last = state.lastSyncAt();
    return last.isPresent() && last.get().plus(options.maxAge()).isAfter(clock.instant());
  }

  private Refresh sync(Collection<Integer> startingTickets, int maxLinkReads) {
    Instant started = clock.instant();
    Optional<Instant> mark = store.syncState().highWaterMark();
    Optional<Instant> lastFull = store.lastFullSyncAt();
    boolean full =
        mark.isEmpty()
            || lastFull.isEmpty()
            || !lastFull.get().plus(options.fullSyncEvery()).isAfter(started);
    List<Ticket> answer;
    int removed;
    if (full) {
      answer = tdx.searchTickets(new TicketSearch(null, null, options.statusIds(), null, 0));
      removed = store.replaceAll(answer);
    } else {
      answer = tdx.searchTickets(TicketSearch.modifiedSince(mark.get().minus(options.overlap())));
      removed = store.applyChanges(answer, options.statusIds());
    }
    store.markPipelinePending(startingTickets);
    int read = 0;
    List<LinkRead> toRead = store.linksToRead(options.pendingExpiry());
    for (LinkRead r : toRead.subList(0, Math.min(maxLinkReads, toRead.size()))) {
      List<ConfigurationItem> items = tdx.getTicketAssets(r.ticketId());
      store.recordLinks(
          r.ticketId(),
          items,
          r.modifiedAt() == null ? started : r.modifiedAt(),
          TicketIndex.SOURCE_SYNC);
      read++;
    }
    Instant newest =
        answer.stream()
            .map(t -> parse(t.modifiedDate()))
            .filter(Objects::nonNull)
            .max(Instant::compareTo)
            .orElse(null);
    store.recordSync(newest, started, full);
    log.info(
        "Ticket index synced ({}): {} ticket(s) {}, {} removed, links of {} read{}",
        full ? "full" : "incremental",
        answer.size(),
        full
            ? "in statuses " + options.statusIds()
            : "changed since " + mark.get().minus(options.overlap()),
        removed,
        read,
        toRead.size() > read ? " (" + (toRead.size() - read) + " left for the next sync)" : "");
    return new Refresh(true, answer.size(), removed, read, full);
  }

  private void awaitFirstSync() {
    Instant deadline = clock.instant().plus(options.firstSyncWait());
    while (store.syncState().lastSyncAt().isEmpty()) {
      if (clock.instant().isAfter(deadline)) {
        throw new IllegalStateException(
            "The ticket index has never been synced and another worker's first sync did not"
                + " finish within "
                + options.firstSyncWait().toSeconds()
                + " s; the activity will be retried");
      }
      try {
        Thread.sleep(FIRST_SYNC_POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for the first ticket sync", e);
      }
    }
  }

  private static Instant parse(String tdxDate) {
    return TicketIndex.parseTdxDate(tdxDate);
  }
}
