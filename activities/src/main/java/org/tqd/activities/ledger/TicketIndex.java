package org.tqd.activities.ledger;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.StatementContext;
import org.tqd.tdx.model.ConfigurationItem;
import org.tqd.tdx.model.Ticket;

/**
 * A local copy of TDX's active tickets ({@code meta.tqd_ticket_index}) and of the computers linked
 * to them ({@code meta.tqd_ticket_asset_index}), so that {@code find_active_tickets} costs indexed
 * queries instead of ticket searches, which TDX limits to 30 a minute.
 *
 * <p>This class is storage only; {@link org.tqd.activities.tickets.SyncedTicketIndex} decides what
 * to copy and when. Every database failure surfaces as {@link LedgerUnavailableException}.
 * Thread-safe.
 */
public final class TicketIndex {

  // Any constant would do: it only has to differ from the other advisory locks in the database.
  private static final long REFRESH_LOCK_KEY = 0x7471645f7469636bL; // "tqd_tick"

  /** What "the ticket's links were read by its own run" is recorded as. */
  public static final String SOURCE_PIPELINE = "pipeline";

  /** What "the ticket's links were read by the per-poll sync" is recorded as. */
  public static final String SOURCE_SYNC = "sync";

  private static final String COLUMNS =
      "ticket_id, title, status_id, status_name, requestor_uid, modified_date";

  private static final String UPSERT =
      "INSERT INTO meta.tqd_ticket_index ("
          + COLUMNS
          + ", modified_at, synced_at) VALUES (:id, :title, :statusId, :statusName, :requestor,"
          + " :modifiedDate, :modifiedAt, now()) ON CONFLICT (ticket_id) DO UPDATE SET"
          + " title = EXCLUDED.title, status_id = EXCLUDED.status_id,"
          + " status_name = EXCLUDED.status_name, requestor_uid = EXCLUDED.requestor_uid,"
          + " modified_date = EXCLUDED.modified_date, modified_at = EXCLUDED.modified_at,"
          + " synced_at = EXCLUDED.synced_at";

  private final Jdbi jdbi;

  public TicketIndex(Jdbi jdbi) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
  }

  /**
   * Makes the index hold exactly these tickets (a complete answer of TDX for the indexed statuses):
   * inserts new ones, updates known ones (keeping what is known of their links), and removes the
   * tickets, and their links, that are no longer in the list. One transaction.
   *
   * @return how many tickets were removed
   */
  public int replaceAll(List<Ticket> tickets) {
    return DatabaseCalls.guard(
        "writing " + tickets.size() + " tickets to the ticket index",
        () ->
            jdbi.inTransaction(
                h -> {
                  upsert(h, tickets);
                  Integer[] keep = tickets.stream().map(Ticket::id).toArray(Integer[]::new);
                  h.createUpdate(
                          "DELETE FROM meta.tqd_ticket_asset_index"
                              + " WHERE NOT (ticket_id = ANY(:keep))")
                      .bind("keep", keep)
                      .execute();
                  h.createUpdate(
                          "DELETE FROM meta.tqd_ticket_ci_index WHERE NOT (ticket_id = ANY(:keep))")
                      .bind("keep", keep)
                      .execute();
                  return h.createUpdate(
                          "DELETE FROM meta.tqd_ticket_index WHERE NOT (ticket_id = ANY(:keep))")
                      .bind("keep", keep)
                      .execute();
                }));
  }

  /**
   * Applies the tickets TDX changed since the last sync (an incremental sync's answer, any status):
   * inserts or updates those in the indexed statuses, removes the others with their links. One
   * transaction.
   *
   * @param indexedStatuses the statuses the index holds
   * @return how many tickets were removed
   */
  public int applyChanges(List<Ticket> changed, Collection<Integer> indexedStatuses) {
    List<Ticket> keep =
        changed.stream().filter(t -> indexedStatuses.contains(t.statusId())).toList();
    Integer[] drop =
        changed.stream()
            .filter(t -> !indexedStatuses.contains(t.statusId()))
            .map(Ticket::id)
            .toArray(Integer[]::new);
    return DatabaseCalls.guard(
        "writing " + changed.size() + " changed tickets to the ticket index",
        () ->
            jdbi.inTransaction(
                h -> {
                  upsert(h, keep);
                  if (drop.length == 0) {
                    return 0;
                  }
                  for (String table :
                      List.of("meta.tqd_ticket_asset_index", "meta.tqd_ticket_ci_index")) {
                    h.createUpdate("DELETE FROM " + table + " WHERE ticket_id = ANY(:drop)")
                        .bind("drop", drop)
                        .execute();
                  }
                  return h.createUpdate(
                          "DELETE FROM meta.tqd_ticket_index WHERE ticket_id = ANY(:drop)")
                      .bind("drop", drop)
                      .execute();
                }));
  }

  /** Inserts or updates one ticket as its own run read it (links are left as they are). */
  public void upsert(Ticket ticket) {
    DatabaseCalls.guard(
        "writing ticket " + ticket.id() + " to the ticket index",
        () -> jdbi.inTransaction(h -> upsert(h, List.of(ticket))));
  }

  private static int upsert(Handle h, List<Ticket> tickets) {
    if (tickets.isEmpty()) {
      return 0;
    }
    PreparedBatch batch = h.prepareBatch(UPSERT);
    for (Ticket t : tickets) {
      batch
          .bind("id", t.id())
          .bind("title", t.title())
          .bind("statusId", t.statusId())
          .bind("statusName", t.statusName())
          .bind("requestor", t.requestorUid())
          .bind("modifiedDate", t.modifiedDate())
          .bind("modifiedAt", timestamp(IndexedAsset.parseTdxDate(t.modifiedDate())))
          .add();
    }
    batch.execute();
    return tickets.size();
  }

  /**
   * Marks tickets whose workflow a poll is starting: their own {@code add_asset} reads their links,
   * so the sync leaves them alone until {@code expiry} has passed without their run recording them.
   */
  public void markPipelinePending(Collection<Integer> ticketIds) {
    if (ticketIds.isEmpty()) {
      return;
    }
    DatabaseCalls.guard(
        "marking tickets the pipeline reads",
        () ->
            jdbi.withHandle(
                h ->
                    h.createUpdate(
                            "UPDATE meta.tqd_ticket_index SET pipeline_pending_since = now()"
                                + " WHERE ticket_id = ANY(:ids) AND assets_read_for IS NULL")
                        .bind("ids", ticketIds.toArray(Integer[]::new))
                        .execute()));
  }

  /**
   * Indexed tickets whose links the sync has to read: never read (and not left to a run started in
   * the last {@code pendingExpiry}), or read by the sync before the ticket last changed. Links a
   * ticket's own run recorded stay as they are: its later changes are that run's own writes.
   */
  public List<LinkRead> linksToRead(Duration pendingExpiry) {
    return DatabaseCalls.guard(
        "listing tickets whose links to read",
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT ticket_id, modified_at FROM meta.tqd_ticket_index WHERE"
                                + " (assets_read_for IS NULL AND (pipeline_pending_since IS NULL"
                                + " OR pipeline_pending_since < now() - make_interval(secs =>"
                                + " :expiry))) OR (assets_source = :sync AND modified_at >"
                                + " assets_read_for) ORDER BY ticket_id")
                        .bind("expiry", (double) pendingExpiry.toSeconds())
                        .bind("sync", SOURCE_SYNC)
                        .map(
                            (rs, ctx) ->
                                new LinkRead(rs.getInt("ticket_id"), instant(rs, "modified_at")))
                        .list()));
  }

  /**
   * A ticket whose links to read.
   *
   * @param ticketId the ticket
   * @param modifiedAt its ModifiedDate as last synced (the links read now are at least as new)
   */
  public record LinkRead(int ticketId, Instant modifiedAt) {}

  /**
   * Replaces a ticket's computer links with the asset-backed CIs TDX listed for it, and records for
   * which ModifiedDate of the ticket they hold and who read them.
   */
  public void recordLinks(
      int ticketId, List<ConfigurationItem> items, Instant readFor, String source) {
    DatabaseCalls.guard(
        "writing the links of ticket " + ticketId + " to the ticket index",
        () ->
            jdbi.inTransaction(
                h -> {
                  h.createUpdate("DELETE FROM meta.tqd_ticket_asset_index WHERE ticket_id = :t")
                      .bind("t", ticketId)
                      .execute();
                  h.createUpdate("DELETE FROM meta.tqd_ticket_ci_index WHERE ticket_id = :t")
                      .bind("t", ticketId)
                      .execute();
                  insertLinks(h, ticketId, items);
                  insertCis(h, ticketId, items);
                  return markRead(h, ticketId, readFor, source);
                }));
  }

  /**
   * Forgets what the index knows of a ticket's links, so that the next run reads them from TDX:
   * after an undo removed links tqd had added (its own change of the ticket, which does not make
   * the links stale by the ticket's ModifiedDate).
   */
  public void forgetLinks(int ticketId) {
    DatabaseCalls.guard(
        "forgetting the links of ticket " + ticketId + " in the ticket index",
        () ->
            jdbi.withHandle(
                h ->
                    h.createUpdate(
                            "UPDATE meta.tqd_ticket_index SET assets_read_for = NULL"
                                + " WHERE ticket_id = :t")
                        .bind("t", ticketId)
                        .execute()));
  }

  /** Adds links a ticket's run made itself (the asset IDs it attached). */
  public void addLinks(int ticketId, Collection<Integer> assetIds) {
    if (assetIds.isEmpty()) {
      return;
    }
    DatabaseCalls.guard(
        "adding links of ticket " + ticketId + " to the ticket index",
        () ->
            jdbi.withHandle(
                h -> {
                  PreparedBatch batch =
                      h.prepareBatch(
                          "INSERT INTO meta.tqd_ticket_asset_index (ticket_id, asset_id) VALUES"
                              + " (:t, :a) ON CONFLICT (ticket_id, asset_id) DO NOTHING");
                  for (int a : assetIds) {
                    batch.bind("t", ticketId).bind("a", a).add();
                  }
                  return batch.execute().length;
                }));
  }

  private static void insertLinks(Handle h, int ticketId, List<ConfigurationItem> items) {
    PreparedBatch batch =
        h.prepareBatch(
            "INSERT INTO meta.tqd_ticket_asset_index (ticket_id, asset_id, ci_id, ci_type_id)"
                + " VALUES (:t, :a, :ci, :type) ON CONFLICT (ticket_id, asset_id) DO UPDATE SET"
                + " ci_id = EXCLUDED.ci_id, ci_type_id = EXCLUDED.ci_type_id");
    int rows = 0;
    for (ConfigurationItem ci : items) {
      if (ci.isAsset()) {
        batch
            .bind("t", ticketId)
            .bind("a", ci.backingItemId())
            .bind("ci", ci.id())
            .bind("type", ci.typeId())
            .add();
        rows++;
      }
    }
    if (rows > 0) {
      batch.execute();
    }
  }

  private static void insertCis(Handle h, int ticketId, List<ConfigurationItem> items) {
    if (items.isEmpty()) {
      return;
    }
    PreparedBatch batch =
        h.prepareBatch(
            "INSERT INTO meta.tqd_ticket_ci_index (ticket_id, position, ci_id, type_id,"
                + " backing_item_id, backing_item_type) VALUES (:t, :p, :ci, :type, :backing,"
                + " :backingType)");
    int position = 0;
    for (ConfigurationItem ci : items) {
      batch
          .bind("t", ticketId)
          .bind("p", position++)
          .bind("ci", ci.id())
          .bind("type", ci.typeId())
          .bind("backing", ci.backingItemId())
          .bind("backingType", ci.backingItemType())
          .add();
    }
    batch.execute();
  }

  private static int markRead(Handle h, int ticketId, Instant readFor, String source) {
    return h.createUpdate(
            "UPDATE meta.tqd_ticket_index SET assets_read_for = :readFor, assets_source = :source,"
                + " pipeline_pending_since = NULL, cis_known = TRUE WHERE ticket_id = :t")
        .bind("readFor", timestamp(readFor))
        .bind("source", source)
        .bind("t", ticketId)
        .execute();
  }

  /**
   * The links of one ticket, when they are known for its ModifiedDate {@code modifiedAt} or later.
   *
   * @return the linked asset IDs with their CI type, or empty when the index has not read them
   *     since the ticket last changed
   */
  public Optional<List<TicketLink>> linksIfFresh(int ticketId, Instant modifiedAt) {
    return DatabaseCalls.guard(
        "reading the links of ticket " + ticketId,
        () ->
            jdbi.withHandle(
                h -> {
                  Optional<Instant> readFor =
                      h.createQuery(
                              "SELECT assets_read_for FROM meta.tqd_ticket_index"
                                  + " WHERE ticket_id = :t AND assets_read_for IS NOT NULL")
                          .bind("t", ticketId)
                          .map((rs, ctx) -> instant(rs, "assets_read_for"))
                          .findOne();
                  if (readFor.isEmpty()
                      || (modifiedAt != null && readFor.get().isBefore(modifiedAt))) {
                    return Optional.empty();
                  }
                  return Optional.of(links(h, ticketId));
                }));
  }

  /**
   * Every configuration item of a ticket in TDX's order (asset-backed or not, such as a lab), when
   * the index has read them for its ModifiedDate {@code modifiedAt} or later.
   *
   * @return the CIs as recorded (only ID, type and backing item are kept), or empty when the index
   *     has not read them since the ticket last changed, or read only its asset links
   */
  public Optional<List<ConfigurationItem>> itemsIfFresh(int ticketId, Instant modifiedAt) {
    return DatabaseCalls.guard(
        "reading the configuration items of ticket " + ticketId,
        () ->
            jdbi.withHandle(
                h -> {
                  Optional<Instant> readFor =
                      h.createQuery(
                              "SELECT assets_read_for FROM meta.tqd_ticket_index WHERE ticket_id ="
                                  + " :t AND assets_read_for IS NOT NULL AND cis_known")
                          .bind("t", ticketId)
                          .map((rs, ctx) -> instant(rs, "assets_read_for"))
                          .findOne();
                  if (readFor.isEmpty()
                      || (modifiedAt != null && readFor.get().isBefore(modifiedAt))) {
                    return Optional.empty();
                  }
                  return Optional.of(
                      h.createQuery(
                              "SELECT ci_id, type_id, backing_item_id, backing_item_type FROM"
                                  + " meta.tqd_ticket_ci_index WHERE ticket_id = :t ORDER BY"
                                  + " position")
                          .bind("t", ticketId)
                          .map(
                              (rs, ctx) ->
                                  new ConfigurationItem(
                                      rs.getInt("ci_id"),
                                      0,
                                      0,
                                      rs.getInt("type_id"),
                                      null,
                                      rs.getInt("backing_item_id"),
                                      rs.getInt("backing_item_type")))
                          .list());
                }));
  }

  /** The links recorded for a ticket, whoever recorded them. */
  public List<TicketLink> links(int ticketId) {
    return DatabaseCalls.guard(
        "reading the links of ticket " + ticketId, () -> jdbi.withHandle(h -> links(h, ticketId)));
  }

  private static List<TicketLink> links(Handle h, int ticketId) {
    return h.createQuery(
            "SELECT asset_id, ci_type_id FROM meta.tqd_ticket_asset_index WHERE ticket_id = :t"
                + " ORDER BY asset_id")
        .bind("t", ticketId)
        .map((rs, ctx) -> new TicketLink(rs.getInt("asset_id"), rs.getInt("ci_type_id")))
        .list();
  }

  /**
   * A computer linked to a ticket.
   *
   * @param assetId the asset ID ({@code BackingItemID} of the CI)
   * @param ciTypeId the CI's {@code TypeID}; 0 when the link was recorded from an add
   */
  public record TicketLink(int assetId, int ciTypeId) {}

  /** Indexed tickets of a requestor (UID compared ignoring case) in one of the statuses. */
  public List<Ticket> byRequestor(String requestorUid, Collection<Integer> statusIds) {
    return DatabaseCalls.guard(
        "searching the ticket index by requestor",
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT "
                                + COLUMNS
                                + " FROM meta.tqd_ticket_index WHERE lower(requestor_uid) = :uid"
                                + " AND status_id = ANY(:statuses) ORDER BY ticket_id DESC")
                        .bind("uid", requestorUid.toLowerCase(Locale.ROOT))
                        .bind("statuses", statusIds.toArray(Integer[]::new))
                        .map(TicketIndex::mapTicket)
                        .list()));
  }

  /** Indexed tickets in one of the statuses linked to at least one of the assets. */
  public List<Ticket> byAssets(Set<Integer> assetIds, Collection<Integer> statusIds) {
    if (assetIds.isEmpty()) {
      return List.of();
    }
    return DatabaseCalls.guard(
        "searching the ticket index by asset",
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT "
                                + COLUMNS
                                + " FROM meta.tqd_ticket_index t WHERE status_id = ANY(:statuses)"
                                + " AND EXISTS (SELECT 1 FROM meta.tqd_ticket_asset_index l"
                                + " WHERE l.ticket_id = t.ticket_id AND l.asset_id = ANY(:assets))"
                                + " ORDER BY ticket_id DESC")
                        .bind("assets", assetIds.toArray(Integer[]::new))
                        .bind("statuses", statusIds.toArray(Integer[]::new))
                        .map(TicketIndex::mapTicket)
                        .list()));
  }

  /** How many tickets the index holds. */
  public long size() {
    return DatabaseCalls.guard(
        "counting the ticket index",
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery("SELECT count(*) FROM meta.tqd_ticket_index")
                        .mapTo(Long.class)
                        .one()));
  }

  /** How far the index has been brought up to date (the asset index's record type). */
  public AssetSyncState syncState() {
    return DatabaseCalls.guard(
        "reading the ticket index sync state",
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT high_water_mark, last_sync_at FROM meta.tqd_ticket_sync_state"
                                + " WHERE id = 1")
                        .map(
                            (rs, ctx) ->
                                new AssetSyncState(
                                    Optional.ofNullable(instant(rs, "high_water_mark")),
                                    Optional.ofNullable(instant(rs, "last_sync_at"))))
                        .findOne()
                        .orElse(new AssetSyncState(Optional.empty(), Optional.empty()))));
  }

  /** When the index last copied every active ticket (a full sync); empty if never. */
  public Optional<Instant> lastFullSyncAt() {
    return DatabaseCalls.guard(
        "reading the ticket index sync state",
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT last_full_sync_at FROM meta.tqd_ticket_sync_state WHERE id = 1")
                        .map((rs, ctx) -> Optional.ofNullable(instant(rs, "last_full_sync_at")))
                        .findOne()
                        .flatMap(o -> o)));
  }

  /**
   * Records a finished sync; the high-water mark never moves back.
   *
   * @param full whether it copied every active ticket (else only those changed since the mark)
   */
  public void recordSync(Instant highWaterMark, Instant syncedAt, boolean full) {
    recordSync(highWaterMark, syncedAt);
    if (full) {
      DatabaseCalls.guard(
          "recording a full ticket index sync",
          () ->
              jdbi.withHandle(
                  h ->
                      h.createUpdate(
                              "UPDATE meta.tqd_ticket_sync_state SET last_full_sync_at = :at"
                                  + " WHERE id = 1")
                          .bind("at", timestamp(syncedAt))
                          .execute()));
    }
  }

  /** Records a finished sync; the high-water mark never moves back. */
  public void recordSync(Instant highWaterMark, Instant syncedAt) {
    Objects.requireNonNull(syncedAt, "syncedAt");
    DatabaseCalls.guard(
        "recording a ticket index sync",
        () ->
            jdbi.withHandle(
                h ->
                    h.createUpdate(
                            "INSERT INTO meta.tqd_ticket_sync_state (id, high_water_mark,"
                                + " last_sync_at) VALUES (1, :mark, :at) ON CONFLICT (id) DO UPDATE"
                                + " SET high_water_mark = greatest("
                                + "meta.tqd_ticket_sync_state.high_water_mark,"
                                + " EXCLUDED.high_water_mark), last_sync_at = EXCLUDED.last_sync_at")
                        .bind("mark", timestamp(highWaterMark))
                        .bind("at", timestamp(syncedAt))
                        .execute()));
  }

  /**
   * Runs {@code refresh} unless another process is running one (a transaction-scoped PostgreSQL
   * advisory lock, as {@link AssetIndex#tryExclusive}); {@code refresh} writes on other
   * connections, each committed as it goes.
   *
   * @return whether {@code refresh} ran
   */
  public boolean tryExclusive(Runnable refresh) {
    Objects.requireNonNull(refresh, "refresh");
    Supplier<Boolean> locked =
        () ->
            jdbi.inTransaction(
                h -> {
                  boolean got =
                      h.createQuery("SELECT pg_try_advisory_xact_lock(:key)")
                          .bind("key", REFRESH_LOCK_KEY)
                          .mapTo(Boolean.class)
                          .one();
                  if (got) {
                    refresh.run();
                  }
                  return got;
                });
    return DatabaseCalls.guard("taking the ticket index refresh lock", locked);
  }

  /** A TDX date (ISO-8601, with or without an offset, UTC assumed) as an instant; null if none. */
  public static Instant parseTdxDate(String text) {
    return IndexedAsset.parseTdxDate(text);
  }

  private static Ticket mapTicket(ResultSet rs, StatementContext ctx) throws SQLException {
    return new Ticket(
        rs.getInt("ticket_id"),
        0,
        rs.getString("title"),
        null,
        0,
        0,
        rs.getInt("status_id"),
        rs.getString("status_name"),
        0,
        rs.getString("requestor_uid"),
        null,
        null,
        null,
        0,
        null,
        rs.getString("modified_date"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  private static Timestamp timestamp(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }
}
