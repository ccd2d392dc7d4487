package org.tqd.activities.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The personal-data purge against a real PostgreSQL. */
class LedgerRetentionTest {

  @RegisterExtension static final PostgresExtension PG = new PostgresExtension();

  static final String NAME = "Jane Doe";

  Jdbi jdbi;
  LedgerRetention retention;

  @BeforeEach
  void freshDatabase() {
    jdbi = PG.connect().jdbi();
    retention = new LedgerRetention(jdbi);
  }

  void row(int ticket, String action, String status, int daysAgo, String metadata) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO meta.daemon_action_log (ticket_id, action_id, action_type,"
                        + " action_hash, status, attempt, summary, error_message, reference,"
                        + " metadata, executed_at, completed_at, started_at, workflow_id)"
                        + " VALUES (:t, :a, 'add_asset', repeat('a', 64), :s, 1,"
                        + " 'Added JDOE-LT, the laptop of ' || :name, :err, 'tqd-ref-1',"
                        + " CAST(:m AS jsonb), now() - make_interval(days => :d),"
                        + " now() - make_interval(days => :d), now() - make_interval(days => :d),"
                        + " 'tqd:' || :t)")
                .bind("t", ticket)
                .bind("a", action)
                .bind("s", status)
                .bind("d", daysAgo)
                .bind("name", NAME)
                .bind("err", status.equals("failed") ? "TDX 400 for " + NAME : null)
                .bind("m", metadata)
                .execute());
  }

  static final String DONE_METADATA =
      "{\"message\": \"Added 1 asset for Jane Doe\", \"details\": {\"requestor\": \"Jane Doe\"},"
          + " \"summarized_at\": \"2026-01-01T00:00:00Z\", \"summarized_in\": \"tqd-sum-1\","
          + " \"assets_added\": [5], \"config\": {\"add_summary_comment\": true}}";

  void sightingsSince(int daysAgo) {
    jdbi.useHandle(
        h ->
            h.execute(
                "UPDATE meta.tqd_retention_state SET sightings_since = now() - make_interval(days"
                    + " => ?)",
                daysAgo));
  }

  void lastSeen(int ticket, int daysAgo) {
    jdbi.useHandle(
        h ->
            h.execute(
                "INSERT INTO meta.tqd_report_sighting (ticket_id, first_seen_at, last_seen_at)"
                    + " VALUES (?, now() - make_interval(days => ?), now() - make_interval(days"
                    + " => ?))",
                ticket,
                daysAgo + 10,
                daysAgo));
  }

  Map<String, Object> stored(int ticket) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT ticket_id, action_id, status, attempt, summary, error_message,"
                        + " reference, metadata::text AS metadata, executed_at, completed_at,"
                        + " workflow_id FROM meta.daemon_action_log WHERE ticket_id = :t")
                .bind("t", ticket)
                .mapToMap()
                .one());
  }

  @Test
  void purgesTicketsOutOfEveryReportAndKeepsWhatIdempotencyNeeds() {
    sightingsSince(100);
    row(1, "add_asset:aaaaaaaaaaaa:v2", "completed", 40, DONE_METADATA);
    lastSeen(1, 40);
    Map<String, Object> before = stored(1);

    LedgerRetention.PurgeResult result = retention.purge(30, false);

    assertThat(result.rows()).isEqualTo(1);
    assertThat(result.tickets()).isEqualTo(1);
    Map<String, Object> after = stored(1);
    assertThat(after.get("summary")).isNull();
    assertThat(after.get("metadata").toString())
        .doesNotContain(NAME)
        .contains("summarized_at", "tqd-sum-1", "assets_added", "config", "purged_at");
    for (String kept :
        List.of(
            "ticket_id",
            "action_id",
            "status",
            "attempt",
            "reference",
            "executed_at",
            "completed_at",
            "workflow_id")) {
      assertThat(after.get(kept)).as(kept).isEqualTo(before.get(kept));
    }
    assertThat(retention.purge(30, false).rows()).as("nothing left to purge").isZero();
  }

  @Test
  void keepsTicketsStillInAReportAndRecentRows() {
    sightingsSince(100);
    row(2, "add_asset:aaaaaaaaaaaa:v2", "completed", 40, DONE_METADATA);
    lastSeen(2, 0);
    row(5, "add_asset:aaaaaaaaaaaa:v2", "completed", 5, DONE_METADATA);
    lastSeen(5, 5);

    assertThat(retention.purge(30, false).rows()).isZero();
    assertThat(stored(2).get("summary").toString()).contains(NAME);
    assertThat(stored(5).get("summary").toString()).contains(NAME);
  }

  @Test
  void keepsThePlanOfUnfinishedRows() {
    sightingsSince(100);
    row(3, "comment:bbbbbbbbbbbb:v1", "failed", 40, "{\"pending\": {\"text\": \"Hi Jane Doe\"}}");

    LedgerRetention.PurgeResult result = retention.purge(30, false);

    assertThat(result.rows()).isZero();
    assertThat(result.unfinishedKept()).isEqualTo(1);
    assertThat(stored(3).get("metadata").toString()).contains("pending", NAME);
  }

  @Test
  void aTicketNeverSeenCountsAsGoneOnlyOnceSightingsCoverThePeriod() {
    row(4, "add_asset:aaaaaaaaaaaa:v2", "completed", 40, DONE_METADATA);

    LedgerRetention.PurgeResult none = retention.purge(30, false);
    assertThat(none.rows()).isZero();
    assertThat(none.sightingsTooRecent()).isTrue();

    sightingsSince(10);
    assertThat(retention.purge(30, false).rows()).isZero();

    sightingsSince(31);
    assertThat(retention.purge(30, false).rows()).isEqualTo(1);
  }

  @Test
  void aDryRunCountsAndChangesNothing() {
    sightingsSince(100);
    row(1, "add_asset:aaaaaaaaaaaa:v2", "completed", 40, DONE_METADATA);

    assertThat(retention.purge(30, true).rows()).isEqualTo(1);
    assertThat(stored(1).get("summary").toString()).contains(NAME);
    assertThat(retention.purge(30, false).rows()).isEqualTo(1);
  }

  @Test
  void sightingsStartTheRecordAndRefreshTickets() {
    retention.recordSightings(List.of(7, 8, 7));
    retention.recordSightings(List.of(7));
    row(7, "add_asset:aaaaaaaaaaaa:v2", "completed", 40, DONE_METADATA);
    jdbi.useHandle(
        h ->
            h.execute(
                "UPDATE meta.tqd_retention_state SET sightings_since = now() - interval '90"
                    + " days'"));

    // seen just now: still in a report
    assertThat(retention.purge(30, false).rows()).isZero();
    int sighted =
        jdbi.withHandle(
            h ->
                h.createQuery("SELECT count(*) FROM meta.tqd_report_sighting")
                    .mapTo(Integer.class)
                    .one());
    assertThat(sighted).isEqualTo(2);
  }

  @Test
  void purgesTheFreeTextOfOldFinishedAuditEntriesWhenTheTableExists() {
    sightingsSince(100);
    jdbi.useHandle(
        h -> {
          // the table of migration V11
          h.execute(
              "INSERT INTO meta.tqd_audit_log (action_type, scope, actor, reason, params, status,"
                  + " created_at, completed_at) VALUES ('undo', 'ticket', 'alice',"
                  + " 'asked by Jane Doe', '{\"note\": \"Jane Doe\"}', 'completed',"
                  + " now() - interval '40 days', now() - interval '40 days'),"
                  + " ('run', 'ticket', 'bob', 'Jane Doe again', '{}', 'completed', now(), now())");
        });

    LedgerRetention.PurgeResult result = retention.purge(30, false);

    assertThat(result.otherTables()).containsEntry("meta.tqd_audit_log", 1);
    List<String> reasons =
        jdbi.withHandle(
            h ->
                h.createQuery(
                        "SELECT coalesce(reason, '') || coalesce(params::text, '') FROM meta.tqd_audit_log"
                            + " ORDER BY id")
                    .mapTo(String.class)
                    .list());
    assertThat(reasons.get(0)).doesNotContain(NAME);
    assertThat(reasons.get(1)).contains(NAME);
  }

  @Test
  void claimsTheDailyPurgeOncePerDay() {
    assertThat(retention.claimDailyPurge()).isTrue();
    assertThat(retention.claimDailyPurge()).isFalse();
  }
}
