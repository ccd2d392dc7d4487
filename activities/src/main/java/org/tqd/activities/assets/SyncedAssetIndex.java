package org.tqd.activities.assets;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tqd.activities.ledger.AssetIndex;
import org.tqd.activities.ledger.AssetSyncState;
import org.tqd.activities.ledger.IndexedAsset;
import org.tqd.tdx.TdxApi;
import org.tqd.tdx.model.Asset;
import org.tqd.tdx.model.AssetSearch;

/**
 * The local index of TDX computer assets ({@code meta.tqd_asset_index}), kept in step with TDX, and
 * the {@link AssetSource} of {@code add_asset}.
 *
 * <p>Why: a ticket names a computer by its name more often than by its serial number, and TDX's
 * {@code SearchText} does not cover the asset name, so the Python daemon's per-identifier searches
 * could not find names at all, and cost two rate-limited calls per identifier when they could. The
 * index answers every identifier of a ticket in one indexed database query (name, serial number or
 * tag, ignoring case); the caller then verifies exact matches and applies its status and form
 * filters ({@link AssetMatcher}).
 *
 * <p>How it stays fresh: {@link #refreshIfStale} does nothing while the last sync is younger than
 * {@link Options#maxAge()} (default 60 s). Otherwise it asks TDX once for the assets of the indexed
 * forms modified since the high-water mark ({@code POST assets/search} with {@code FormIDs} and
 * {@code ModifiedDateFrom}, {@code MaxResults} 0; the first sync takes everything), upserts them
 * and moves the mark to the newest {@code ModifiedDate} seen. The search is inclusive of the mark,
 * so an asset modified in the same instant is never missed; re-reading it is harmless. Refreshes
 * are single-flight across all workers on the database (a PostgreSQL advisory lock): one worker
 * refreshes while the others keep reading the index as it is, except before the very first sync,
 * when they wait for it (up to {@link Options#firstSyncWait()}) rather than read an empty index.
 * {@code add_asset} calls it before its first lookup; the starter may call it once per poll. The
 * cost is one TDX call per {@code maxAge} across the whole deployment.
 *
 * <p>Limits: an asset moved out of the indexed forms keeps its last indexed form, and a deleted
 * asset stays in the index (attaching it then fails visibly in TDX). Forms the index does not hold
 * ({@link #covers}) are looked up with TDX's search instead ({@link TdxAssetSearch}). Thread-safe.
 */
public final class SyncedAssetIndex implements AssetSource {

  private static final Logger log = LoggerFactory.getLogger(SyncedAssetIndex.class);

  private static final Duration FIRST_SYNC_POLL = Duration.ofMillis(200);

  /**
   * How the index is kept.
   *
   * @param formIds the asset forms to index; default {@code [2448]}, the daemon's computer form
   * @param maxAge how old the last sync may be before {@link #refreshIfStale} syncs again; default
   *     60 s
   * @param firstSyncWait how long a worker waits for another worker's first sync before failing
   *     (retryably); default 2 minutes
   */
  public record Options(List<Integer> formIds, Duration maxAge, Duration firstSyncWait) {

    public Options {
      formIds = List.copyOf(formIds);
      if (formIds.isEmpty()) {
        throw new IllegalArgumentException("the asset index needs at least one form ID");
      }
      Objects.requireNonNull(maxAge, "maxAge");
      Objects.requireNonNull(firstSyncWait, "firstSyncWait");
    }

    /** Form 2448, 60 s, 2 minutes. */
    public static Options defaults() {
      return new Options(List.of(2448), Duration.ofSeconds(60), Duration.ofMinutes(2));
    }

    /** These options with other forms. */
    public Options withFormIds(List<Integer> ids) {
      return new Options(ids, maxAge, firstSyncWait);
    }

    /** These options with another maximum age. */
    public Options withMaxAge(Duration age) {
      return new Options(formIds, age, firstSyncWait);
    }
  }

  /**
   * What a refresh did.
   *
   * @param synced whether this call synced (false: fresh enough, or another worker was syncing)
   * @param assets how many assets TDX returned
   */
  public record Refresh(boolean synced, int assets) {}

  private final TdxApi tdx;
  private final AssetIndex store;
  private final Options options;
  private final Clock clock;

  /**
   * Until when the last sync this process read from the database is fresh: {@link #refreshIfStale}
   * answers from memory before then instead of reading the sync state again (one database round
   * trip saved per action; a sync by another worker can only make it fresher).
   */
  private volatile Instant freshUntil = Instant.MIN;

  public SyncedAssetIndex(TdxApi tdx, AssetIndex store, Options options, Clock clock) {
    this.tdx = Objects.requireNonNull(tdx, "tdx");
    this.store = Objects.requireNonNull(store, "store");
    this.options = Objects.requireNonNull(options, "options");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Whether the index holds the assets of this form (0, any form, is never held). */
  public boolean covers(int formId) {
    return options.formIds().contains(formId);
  }

  /**
   * Syncs from TDX when the last sync is older than the maximum age and no other worker is syncing.
   *
   * @throws org.tqd.tdx.TdxException if TDX's search fails
   * @throws org.tqd.activities.ledger.LedgerUnavailableException if the database fails
   * @throws IllegalStateException if the index has never been synced and another worker's first
   *     sync did not finish within {@link Options#firstSyncWait()} (retry later)
   */
  public Refresh refreshIfStale() {
    if (clock.instant().isBefore(freshUntil)) {
      return new Refresh(false, 0);
    }
    AssetSyncState state = store.syncState();
    if (isFresh(state)) {
      freshUntil = state.lastSyncAt().orElseThrow().plus(options.maxAge());
      return new Refresh(false, 0);
    }
    int[] count = {-1};
    store.tryExclusive(
        () -> {
          AssetSyncState current = store.syncState();
          if (!isFresh(current)) {
            count[0] = sync(current.highWaterMark());
          }
        });
    if (count[0] < 0 && state.lastSyncAt().isEmpty()) {
      awaitFirstSync();
    }
    return new Refresh(count[0] >= 0, Math.max(count[0], 0));
  }

  /** Syncs now (single-flight), whatever the age of the last sync. */
  public Refresh refresh() {
    int[] count = {-1};
    store.tryExclusive(() -> count[0] = sync(store.syncState().highWaterMark()));
    return new Refresh(count[0] >= 0, Math.max(count[0], 0));
  }

  @Override
  public List<Asset> findByIdentifiers(Collection<String> identifiers) {
    return store.findByIdentifiers(identifiers).stream().map(SyncedAssetIndex::toAsset).toList();
  }

  @Override
  public List<Asset> findByOwner(String uid) {
    return store.findByOwner(uid).stream().map(SyncedAssetIndex::toAsset).toList();
  }

  private boolean isFresh(AssetSyncState state) {
    Optional<Instant> last = state.lastSyncAt();
    return last.isPresent() && last.get().plus(options.maxAge()).isAfter(clock.instant());
  }

  private int sync(Optional<Instant> highWaterMark) {
    Instant started = clock.instant();
    String from = highWaterMark.map(DateTimeFormatter.ISO_INSTANT::format).orElse(null);
    List<Asset> assets = tdx.searchAssets(AssetSearch.modifiedSince(from, options.formIds()));
    List<IndexedAsset> rows = assets.stream().map(IndexedAsset::fromTdx).toList();
    store.upsertAssets(rows);
    Instant mark =
        rows.stream()
            .map(IndexedAsset::modifiedDate)
            .filter(Objects::nonNull)
            .max(Instant::compareTo)
            .orElse(null);
    store.recordSync(mark, started);
    log.info(
        "Asset index synced: {} asset(s) of form(s) {} modified since {}",
        rows.size(),
        options.formIds(),
        from == null ? "ever (first sync)" : from);
    return rows.size();
  }

  private void awaitFirstSync() {
    Instant deadline = clock.instant().plus(options.firstSyncWait());
    while (store.syncState().lastSyncAt().isEmpty()) {
      if (clock.instant().isAfter(deadline)) {
        throw new IllegalStateException(
            "The asset index has never been synced and another worker's first sync did not"
                + " finish within "
                + options.firstSyncWait().toSeconds()
                + " s; the activity will be retried");
      }
      try {
        Thread.sleep(FIRST_SYNC_POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for the first asset sync", e);
      }
    }
  }

  private static Asset toAsset(IndexedAsset a) {
    return new Asset(
        a.assetId(),
        0,
        a.formId(),
        a.statusId(),
        null,
        a.name(),
        a.tag(),
        a.serialNumber(),
        a.owningCustomerUid(),
        null,
        0,
        a.modifiedDate() == null ? null : a.modifiedDate().toString());
  }
}
