package org.tqd.activities.ledger;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Where a pipeline's tickets stand, from the ledger, and where its poller stands ({@code
 * meta.tqd_poll_status}, written after each poll). Read-only but for {@link #recordPoll}.
 */
public final class QueueOverview {

  private final Jdbi jdbi;

  public QueueOverview(Jdbi jdbi) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
  }

  /**
   * Tickets of a pipeline by state. A ticket counts once, by its most pressing action: running (an
   * action in progress), else failed (failed, runs left), else parked, else not applicable (waiting
   * for a condition), else rolled back (an action undone), else done.
   */
  public record Counts(
      long tickets,
      long done,
      long running,
      long failed,
      long parked,
      long notApplicable,
      long rolledBack) {}

  /**
   * The poller's last poll.
   *
   * @param ticketsInReport tickets the report held at the last poll, or null
   */
  public record PollStatus(
      Integer reportId,
      Integer ticketsInReport,
      Instant lastPollAt,
      Instant nextPollAt,
      String lastError) {}

  /** The counts of the ledger rows the pipeline wrote. */
  public Counts counts(String pipelineId, int maxRunsBeforePark) {
    String sql =
        "WITH t AS (SELECT ticket_id,"
            + " bool_or(status = 'in_progress' AND coalesce(attempt, 1) < :maxRuns) AS running,"
            + " bool_or(status = 'failed' AND coalesce(attempt, 1) < :maxRuns) AS failed,"
            + " bool_or(status IN ('failed', 'in_progress') AND coalesce(attempt, 1) >= :maxRuns)"
            + "   AS parked,"
            + " bool_or(status = 'not_applicable') AS waiting,"
            + " bool_or(status = 'rolled_back') AS rolled_back"
            + " FROM meta.daemon_action_log WHERE pipeline_id = :pipeline GROUP BY ticket_id)"
            + " SELECT count(*) AS tickets,"
            + " count(*) FILTER (WHERE running) AS running,"
            + " count(*) FILTER (WHERE NOT running AND failed) AS failed,"
            + " count(*) FILTER (WHERE NOT running AND NOT failed AND parked) AS parked,"
            + " count(*) FILTER (WHERE NOT running AND NOT failed AND NOT parked AND waiting)"
            + "   AS waiting,"
            + " count(*) FILTER (WHERE NOT running AND NOT failed AND NOT parked AND NOT waiting"
            + "   AND rolled_back) AS rolled_back,"
            + " count(*) FILTER (WHERE NOT running AND NOT failed AND NOT parked AND NOT waiting"
            + "   AND NOT rolled_back) AS done FROM t";
    return DatabaseCalls.guard(
        "counting the tickets of pipeline " + pipelineId,
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(sql)
                        .bind("pipeline", pipelineId)
                        .bind("maxRuns", maxRunsBeforePark)
                        .map(
                            (rs, ctx) ->
                                new Counts(
                                    rs.getLong("tickets"),
                                    rs.getLong("done"),
                                    rs.getLong("running"),
                                    rs.getLong("failed"),
                                    rs.getLong("parked"),
                                    rs.getLong("waiting"),
                                    rs.getLong("rolled_back")))
                        .one()));
  }

  /** The last poll of the pipeline, if a poller recorded one. */
  public Optional<PollStatus> pollStatus(String pipelineId) {
    return DatabaseCalls.guard(
        "reading the poll status of pipeline " + pipelineId,
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT report_id, tickets_in_report, last_poll_at, next_poll_at,"
                                + " last_error FROM meta.tqd_poll_status"
                                + " WHERE pipeline_id = :pipeline")
                        .bind("pipeline", pipelineId)
                        .map(
                            (rs, ctx) ->
                                new PollStatus(
                                    integer(rs, "report_id"),
                                    integer(rs, "tickets_in_report"),
                                    instant(rs, "last_poll_at"),
                                    instant(rs, "next_poll_at"),
                                    rs.getString("last_error")))
                        .findOne()));
  }

  /**
   * What the local ticket index last saw of a ticket (title, status), when it holds it: the index
   * keeps the active tickets it has synced, so a closed or never-synced ticket has none.
   */
  public record IndexedTicket(String title, Integer statusId, String statusName) {}

  /** The ticket as the local ticket index last saw it, if it holds it (no TDX call). */
  public Optional<IndexedTicket> indexedTicket(int ticketId) {
    return DatabaseCalls.guard(
        "reading ticket " + ticketId + " from the ticket index",
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT title, status_id, status_name FROM meta.tqd_ticket_index"
                                + " WHERE ticket_id = :ticket")
                        .bind("ticket", ticketId)
                        .map(
                            (rs, ctx) ->
                                new IndexedTicket(
                                    rs.getString("title"),
                                    integer(rs, "status_id"),
                                    rs.getString("status_name")))
                        .findOne()));
  }

  /** Records a finished poll of the pipeline. */
  public void recordPoll(
      String pipelineId,
      int reportId,
      Integer ticketsInReport,
      Instant lastPollAt,
      Instant nextPollAt,
      String error) {
    DatabaseCalls.guard(
        "recording the poll of pipeline " + pipelineId,
        () ->
            jdbi.withHandle(
                h ->
                    h.createUpdate(
                            "INSERT INTO meta.tqd_poll_status (pipeline_id, report_id,"
                                + " tickets_in_report, last_poll_at, next_poll_at, last_error)"
                                + " VALUES (:p, :r, :n, :last, :next, :error)"
                                + " ON CONFLICT (pipeline_id) DO UPDATE SET"
                                + " report_id = EXCLUDED.report_id,"
                                + " tickets_in_report = coalesce(EXCLUDED.tickets_in_report,"
                                + "   meta.tqd_poll_status.tickets_in_report),"
                                + " last_poll_at = EXCLUDED.last_poll_at,"
                                + " next_poll_at = EXCLUDED.next_poll_at,"
                                + " last_error = EXCLUDED.last_error")
                        .bind("p", pipelineId)
                        .bind("r", reportId)
                        .bind("n", ticketsInReport)
                        .bind("last", lastPollAt == null ? null : lastPollAt.atOffset(UTC))
                        .bind("next", nextPollAt == null ? null : nextPollAt.atOffset(UTC))
                        .bind("error", MetadataSanitizer.redactText(error))
                        .execute()));
  }

  private static final java.time.ZoneOffset UTC = java.time.ZoneOffset.UTC;

  private static Integer integer(ResultSet rs, String column) throws SQLException {
    int v = rs.getInt(column);
    return rs.wasNull() ? null : v;
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }
}
