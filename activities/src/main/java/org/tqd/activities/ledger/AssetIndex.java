package org.tqd.activities.ledger;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * A local copy of TDX computer assets ({@code meta.tqd_asset_index}), so that matching the
 * identifiers found in a ticket against every asset costs one indexed query instead of rate-limited
 * TDX searches.
 *
 * <p>Lookups are case-insensitive. The index says nothing about how fresh it is beyond {@link
 * #syncState()}; the caller decides when to refresh, and uses {@link #tryExclusive} so that one
 * worker refreshes while the others keep reading. Every database failure surfaces as {@link
 * LedgerUnavailableException}. Thread-safe.
 */
public final class AssetIndex {

  // Any constant would do: it only has to differ from the other advisory locks in the database.
  private static final long REFRESH_LOCK_KEY = 0x7471645f61737365L; // "tqd_asse"

  private static final String COLUMNS =
      "asset_id, name, serial_number, tag, status_id, form_id, owning_customer_uid,"
          + " modified_date";

  private static final String UPSERT =
      "INSERT INTO meta.tqd_asset_index ("
          + COLUMNS
          + ", synced_at) VALUES (:assetId, :name, :serialNumber, :tag, :statusId, :formId,"
          + " :owner, :modifiedDate, now()) ON CONFLICT (asset_id) DO UPDATE SET"
          + " name = EXCLUDED.name, serial_number = EXCLUDED.serial_number, tag = EXCLUDED.tag,"
          + " status_id = EXCLUDED.status_id, form_id = EXCLUDED.form_id,"
          + " owning_customer_uid = EXCLUDED.owning_customer_uid,"
          + " modified_date = EXCLUDED.modified_date, synced_at = EXCLUDED.synced_at";

  private final Jdbi jdbi;

  public AssetIndex(Jdbi jdbi) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
  }

  /**
   * Inserts new assets and overwrites known ones (by asset ID), in one transaction.
   *
   * @return how many assets were written
   */
  public int upsertAssets(List<IndexedAsset> assets) {
    if (assets.isEmpty()) {
      return 0;
    }
    return DatabaseCalls.guard(
        "writing " + assets.size() + " assets to the asset index",
        () ->
            jdbi.inTransaction(
                h -> {
                  PreparedBatch batch = h.prepareBatch(UPSERT);
                  for (IndexedAsset a : assets) {
                    batch
                        .bind("assetId", a.assetId())
                        .bind("name", a.name())
                        .bind("serialNumber", a.serialNumber())
                        .bind("tag", a.tag())
                        .bind("statusId", a.statusId())
                        .bind("formId", a.formId())
                        .bind("owner", a.owningCustomerUid())
                        .bind("modifiedDate", timestamp(a.modifiedDate()))
                        .add();
                  }
                  batch.execute();
                  return assets.size();
                }));
  }

  /**
   * The assets whose name, serial number or tag equals one of the identifiers, ignoring case.
   *
   * @return matches ordered by asset ID; empty when nothing matches
   */
  public List<IndexedAsset> findByIdentifiers(Collection<String> identifiers) {
    List<String> lowered =
        identifiers.stream()
            .filter(Objects::nonNull)
            .map(s -> s.toLowerCase(Locale.ROOT))
            .distinct()
            .toList();
    if (lowered.isEmpty()) {
      return List.of();
    }
    return DatabaseCalls.guard(
        "searching the asset index",
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT "
                                + COLUMNS
                                + " FROM meta.tqd_asset_index WHERE lower(name) = ANY(:ids)"
                                + " OR lower(serial_number) = ANY(:ids) OR lower(tag) = ANY(:ids)"
                                + " ORDER BY asset_id")
                        .bindArray("ids", String.class, lowered)
                        .map(AssetIndex::mapRow)
                        .list()));
  }

  /** The assets owned by a person (UID compared ignoring case), ordered by asset ID. */
  public List<IndexedAsset> findByOwner(String owningCustomerUid) {
    if (owningCustomerUid == null || owningCustomerUid.isBlank()) {
      return List.of();
    }
    return DatabaseCalls.guard(
        "searching the asset index by owner",
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT "
                                + COLUMNS
                                + " FROM meta.tqd_asset_index"
                                + " WHERE lower(owning_customer_uid) = :owner ORDER BY asset_id")
                        .bind("owner", owningCustomerUid.toLowerCase(Locale.ROOT))
                        .map(AssetIndex::mapRow)
                        .list()));
  }

  /** How many assets the index holds. */
  public long size() {
    return DatabaseCalls.guard(
        "counting the asset index",
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery("SELECT count(*) FROM meta.tqd_asset_index")
                        .mapTo(Long.class)
                        .one()));
  }

  /** How far the index has been brought up to date. */
  public AssetSyncState syncState() {
    return DatabaseCalls.guard(
        "reading the asset index sync state",
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT high_water_mark, last_sync_at FROM meta.tqd_asset_sync_state"
                                + " WHERE id = 1")
                        .map(
                            (rs, ctx) ->
                                new AssetSyncState(
                                    Optional.ofNullable(instant(rs, "high_water_mark")),
                                    Optional.ofNullable(instant(rs, "last_sync_at"))))
                        .findOne()
                        .orElse(new AssetSyncState(Optional.empty(), Optional.empty()))));
  }

  /**
   * Records a finished sync. The high-water mark never moves back: a smaller value than the stored
   * one (or null) keeps the stored one.
   */
  public void recordSync(Instant highWaterMark, Instant syncedAt) {
    Objects.requireNonNull(syncedAt, "syncedAt");
    DatabaseCalls.guard(
        "recording an asset index sync",
        () ->
            jdbi.withHandle(
                h ->
                    h.createUpdate(
                            "INSERT INTO meta.tqd_asset_sync_state (id, high_water_mark,"
                                + " last_sync_at) VALUES (1, :mark, :at) ON CONFLICT (id) DO UPDATE"
                                + " SET high_water_mark = greatest("
                                + "meta.tqd_asset_sync_state.high_water_mark,"
                                + " EXCLUDED.high_water_mark), last_sync_at = EXCLUDED.last_sync_at")
                        .bind("mark", timestamp(highWaterMark))
                        .bind("at", timestamp(syncedAt))
                        .execute()));
  }

  /**
   * Runs {@code refresh} unless another process (any worker on the same database) is running one:
   * single-flight across workers, through a transaction-scoped PostgreSQL advisory lock that is
   * released when {@code refresh} returns or throws, and by the server if this process dies.
   *
   * <p>The lock holds one pooled connection while {@code refresh} runs; {@code refresh} writes
   * through this index's other methods (on other connections, each committed as it goes, so a long
   * refresh keeps its progress if it is interrupted).
   *
   * @return whether {@code refresh} ran (false: another refresh was in progress)
   */
  public boolean tryExclusive(Runnable refresh) {
    Objects.requireNonNull(refresh, "refresh");
    Supplier<Boolean> locked =
        () ->
            jdbi.inTransaction(
                h -> {
                  if (!tryLock(h)) {
                    return false;
                  }
                  refresh.run();
                  return true;
                });
    return DatabaseCalls.guard("taking the asset index refresh lock", locked);
  }

  private static boolean tryLock(Handle h) {
    return h.createQuery("SELECT pg_try_advisory_xact_lock(:key)")
        .bind("key", REFRESH_LOCK_KEY)
        .mapTo(Boolean.class)
        .one();
  }

  private static IndexedAsset mapRow(ResultSet rs, StatementContext ctx) throws SQLException {
    return new IndexedAsset(
        rs.getInt("asset_id"),
        rs.getString("name"),
        rs.getString("serial_number"),
        rs.getString("tag"),
        rs.getInt("status_id"),
        rs.getInt("form_id"),
        rs.getString("owning_customer_uid"),
        instant(rs, "modified_date"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  private static Timestamp timestamp(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }
}
