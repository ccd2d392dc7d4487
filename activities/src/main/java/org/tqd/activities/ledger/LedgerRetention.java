package org.tqd.activities.ledger;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * The lifetime of personal data in the ledger's database (DESIGN §3.11): plans, metadata text,
 * summaries (which name people and computers) and error messages are removed from the rows of
 * tickets that have left every report, once the rows are older than the retention period. What
 * idempotency needs stays: ticket ID, action ID and hash, status, run count, times, workflow and
 * run IDs, the comment reference, whether and where the summary was posted ({@code summarized_at},
 * {@code summarized_in}), the asset IDs an action added, and the action's configuration.
 *
 * <p>A ticket has left every report when no poll has seen it since the cutoff: the starter records
 * each ticket of every poll in {@code meta.tqd_report_sighting} ({@link #recordSightings}). A
 * ticket never seen has been out of every report since sightings began, so nothing is purged until
 * sightings cover the retention period.
 *
 * <p>Rows not finished ({@code in_progress}, {@code failed}, or holding a follow-up comment not yet
 * posted) keep their plan: a later run of the ticket must find it to check TDX before writing again
 * (DESIGN §3.5). They are counted, not purged.
 *
 * <p>Also purged when those tables exist: the free text of the operator console's audit log ({@code
 * meta.tqd_audit_log}: reason, params, result, error message) of finished entries older than the
 * cutoff, and the title and requestor of tickets in a local ticket index ({@code
 * meta.tqd_ticket_index}) not synced since the cutoff. The computer index ({@code
 * meta.tqd_asset_index}) mirrors TDX's current asset records, holds no ticket data and is not
 * purged.
 */
public final class LedgerRetention {

  /** Metadata keys a purged row keeps: none holds personal data. */
  public static final List<String> KEPT_METADATA =
      List.of("summarized_at", "summarized_in", "assets_added", "config");

  private static final String LOG = "meta.daemon_action_log";

  private final Jdbi jdbi;

  public LedgerRetention(Jdbi jdbi) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
  }

  /**
   * What a purge did (or, in a dry run, would do).
   *
   * @param cutoff rows and sightings older than this were considered
   * @param tickets tickets whose rows were purged
   * @param rows ledger rows purged
   * @param unfinishedKept rows of such tickets kept whole because a later run needs their plan
   * @param otherTables rows purged in other tables, by table
   * @param sightingsSince since when report sightings are recorded; null when never
   */
  public record PurgeResult(
      Instant cutoff,
      int tickets,
      int rows,
      int unfinishedKept,
      Map<String, Integer> otherTables,
      Instant sightingsSince) {

    /** True when sightings do not yet cover the period, so tickets never seen were kept. */
    public boolean sightingsTooRecent() {
      return sightingsSince == null || sightingsSince.isAfter(cutoff);
    }
  }

  /**
   * Records that these tickets are in a report now. One statement; a ticket seen in the last hour
   * is not written again.
   *
   * @throws LedgerUnavailableException if the database cannot be reached
   */
  public void recordSightings(List<Integer> ticketIds) {
    guard(
        "recording the tickets of a report poll",
        () ->
            jdbi.inTransaction(
                h -> {
                  h.createUpdate(
                          "UPDATE meta.tqd_retention_state SET sightings_since = now()"
                              + " WHERE id = 1 AND sightings_since IS NULL")
                      .execute();
                  if (ticketIds.isEmpty()) {
                    return 0;
                  }
                  return h.createUpdate(
                          "INSERT INTO meta.tqd_report_sighting (ticket_id)"
                              + " SELECT DISTINCT t FROM unnest(:ids) AS t"
                              + " ON CONFLICT (ticket_id) DO UPDATE SET last_seen_at = now()"
                              + " WHERE meta.tqd_report_sighting.last_seen_at"
                              + " < now() - interval '1 hour'")
                      .bindArray("ids", Integer.class, ticketIds)
                      .execute();
                }));
  }

  /**
   * Removes personal data from the rows of tickets not seen in any report for {@code days} days
   * whose rows are that old too.
   *
   * @param dryRun count only; change nothing
   * @throws IllegalArgumentException when {@code days} is less than 1
   * @throws LedgerUnavailableException if the database cannot be reached
   */
  public PurgeResult purge(int days, boolean dryRun) {
    if (days < 1) {
      throw new IllegalArgumentException("the retention period is at least 1 day, got " + days);
    }
    return guard(
        "purging personal data older than " + days + " days",
        () ->
            jdbi.inTransaction(
                h -> {
                  PurgeResult result = purgeIn(h, days);
                  if (dryRun) {
                    h.rollback();
                  } else {
                    h.createUpdate(
                            "UPDATE meta.tqd_retention_state SET last_purge_at = now(),"
                                + " last_purge_rows = :rows WHERE id = 1")
                        .bind("rows", result.rows())
                        .execute();
                  }
                  return result;
                }));
  }

  /**
   * Claims today's scheduled purge: true for exactly one caller per day across all processes
   * sharing the database.
   */
  public boolean claimDailyPurge() {
    return guard(
        "claiming the daily purge",
        () ->
            jdbi.withHandle(
                    h ->
                        h.createUpdate(
                                "UPDATE meta.tqd_retention_state SET last_purge_at = now()"
                                    + " WHERE id = 1 AND (last_purge_at IS NULL"
                                    + " OR last_purge_at < now() - interval '23 hours 30 minutes')")
                            .execute())
                > 0);
  }

  private static PurgeResult purgeIn(Handle h, int days) {
    Instant cutoff =
        h.createQuery("SELECT now() - make_interval(days => :days)")
            .bind("days", days)
            .mapTo(OffsetDateTime.class)
            .one()
            .toInstant();
    Instant since =
        h.createQuery("SELECT sightings_since FROM meta.tqd_retention_state WHERE id = 1")
            .mapTo(OffsetDateTime.class)
            .findOne()
            .map(OffsetDateTime::toInstant)
            .orElse(null);
    Map<String, Integer> others = new LinkedHashMap<>();
    if (since == null) {
      // no poll was ever recorded: no ticket can be said to have left the reports
      return new PurgeResult(cutoff, 0, 0, 0, others, null);
    }
    // Tickets out of every report since the cutoff: last seen before it, or never seen while
    // sightings were recorded since before it.
    h.execute(
        "CREATE TEMP TABLE tqd_purge_tickets ON COMMIT DROP AS"
            + " SELECT DISTINCT l.ticket_id FROM "
            + LOG
            + " l LEFT JOIN meta.tqd_report_sighting s ON s.ticket_id = l.ticket_id"
            + " WHERE coalesce(s.last_seen_at, (SELECT sightings_since"
            + " FROM meta.tqd_retention_state WHERE id = 1)) < ?",
        OffsetDateTime.ofInstant(cutoff, java.time.ZoneOffset.UTC));
    String keep = "ARRAY['" + String.join("','", KEPT_METADATA) + "']";
    String finished =
        " l.status IN ('completed', 'skipped', 'not_applicable', 'rolled_back')"
            + " AND l.metadata->'follow_up' IS NULL";
    String old = " coalesce(l.completed_at, l.executed_at) < :cutoff";
    String eligible = " l.ticket_id IN (SELECT ticket_id FROM tqd_purge_tickets)";
    List<Integer> purgedTickets =
        h.createQuery(
                "UPDATE "
                    + LOG
                    + " l SET summary = NULL, error_message = NULL, metadata ="
                    + " (SELECT coalesce(jsonb_object_agg(key, value), '{}'::jsonb)"
                    + " FROM jsonb_each(coalesce(l.metadata, '{}'::jsonb)) WHERE key = ANY("
                    + keep
                    + ")) || jsonb_build_object('purged_at', now())"
                    + " WHERE"
                    + eligible
                    + " AND"
                    + old
                    + " AND"
                    + finished
                    + " AND (l.summary IS NOT NULL OR l.error_message IS NOT NULL"
                    + " OR (coalesce(l.metadata, '{}'::jsonb) - "
                    + keep
                    + " - 'purged_at') <> '{}'::jsonb)"
                    + " RETURNING l.ticket_id")
            .bind("cutoff", OffsetDateTime.ofInstant(cutoff, java.time.ZoneOffset.UTC))
            .mapTo(Integer.class)
            .list();
    int unfinished =
        h.createQuery(
                "SELECT count(*) FROM "
                    + LOG
                    + " l WHERE"
                    + eligible
                    + " AND"
                    + old
                    + " AND NOT ("
                    + finished
                    + ")")
            .bind("cutoff", OffsetDateTime.ofInstant(cutoff, java.time.ZoneOffset.UTC))
            .mapTo(Integer.class)
            .one();
    purgeTicketIndex(h, cutoff, others);
    purgeAuditLog(h, cutoff, others);
    return new PurgeResult(
        cutoff,
        (int) purgedTickets.stream().distinct().count(),
        purgedTickets.size(),
        unfinished,
        others,
        since);
  }

  /** Title and requestor of tickets that left the reports and the active-ticket sync. */
  private static void purgeTicketIndex(Handle h, Instant cutoff, Map<String, Integer> out) {
    String table = "meta.tqd_ticket_index";
    List<Column> columns = columns(h, "tqd_ticket_index", List.of("title", "requestor_uid"));
    if (columns.isEmpty() || !hasColumn(h, "tqd_ticket_index", "synced_at")) {
      return;
    }
    int n =
        h.createUpdate(
                "UPDATE "
                    + table
                    + " t SET "
                    + assignments(columns)
                    + " WHERE t.synced_at < :cutoff"
                    + " AND t.ticket_id IN (SELECT ticket_id FROM tqd_purge_tickets)"
                    + " AND ("
                    + anyPresent(columns)
                    + ")")
            .bind("cutoff", OffsetDateTime.ofInstant(cutoff, java.time.ZoneOffset.UTC))
            .execute();
    out.put(table, n);
  }

  /** Free text of finished audit entries older than the cutoff. */
  private static void purgeAuditLog(Handle h, Instant cutoff, Map<String, Integer> out) {
    String table = "meta.tqd_audit_log";
    List<Column> columns =
        columns(h, "tqd_audit_log", List.of("reason", "params", "result", "error_message"));
    if (columns.isEmpty()) {
      return;
    }
    String time =
        hasColumn(h, "tqd_audit_log", "completed_at")
            ? "coalesce(t.completed_at, t.created_at)"
            : "t.created_at";
    if (!hasColumn(h, "tqd_audit_log", "created_at")) {
      return;
    }
    String status =
        hasColumn(h, "tqd_audit_log", "status")
            ? " AND t.status NOT IN ('pending', 'in_progress')"
            : "";
    int n =
        h.createUpdate(
                "UPDATE "
                    + table
                    + " t SET "
                    + assignments(columns)
                    + " WHERE "
                    + time
                    + " < :cutoff"
                    + status
                    + " AND ("
                    + anyPresent(columns)
                    + ")")
            .bind("cutoff", OffsetDateTime.ofInstant(cutoff, java.time.ZoneOffset.UTC))
            .execute();
    out.put(table, n);
  }

  private record Column(String name, String type, boolean nullable) {

    /** The value that replaces personal data: NULL, or an empty value where NULL is refused. */
    String purged() {
      if (nullable) {
        return "NULL";
      }
      return type.startsWith("json") ? "'{}'::" + type : "''";
    }

    /** True while the column still holds something to purge. */
    String present() {
      if (nullable) {
        return "t." + name + " IS NOT NULL";
      }
      return type.startsWith("json")
          ? "t." + name + "::text <> '{}'"
          : "t." + name + "::text <> ''";
    }
  }

  private static List<Column> columns(Handle h, String table, List<String> wanted) {
    List<Column> out = new ArrayList<>();
    h.createQuery(
            "SELECT column_name, data_type, is_nullable FROM information_schema.columns"
                + " WHERE table_schema = 'meta' AND table_name = :table"
                + " AND column_name = ANY(:wanted) ORDER BY ordinal_position")
        .bind("table", table)
        .bindArray("wanted", String.class, wanted)
        .map(
            (rs, ctx) ->
                out.add(
                    new Column(rs.getString(1), rs.getString(2), "YES".equals(rs.getString(3)))))
        .list();
    return out;
  }

  private static boolean hasColumn(Handle h, String table, String column) {
    return !columns(h, table, List.of(column)).isEmpty();
  }

  private static String assignments(List<Column> columns) {
    return String.join(", ", columns.stream().map(c -> c.name() + " = " + c.purged()).toList());
  }

  private static String anyPresent(List<Column> columns) {
    return String.join(" OR ", columns.stream().map(Column::present).toList());
  }

  private static <T> T guard(String operation, Supplier<T> call) {
    try {
      return call.get();
    } catch (JdbiException e) {
      throw LedgerRejectedException.classify(operation, e);
    }
  }
}
