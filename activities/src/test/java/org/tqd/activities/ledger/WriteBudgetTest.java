package org.tqd.activities.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The write count of the per-ticket budget, against a real PostgreSQL. */
class WriteBudgetTest {

  @RegisterExtension static final PostgresExtension PG = new PostgresExtension();

  Jdbi jdbi;
  WriteBudget budget;

  @BeforeEach
  void freshDatabase() {
    jdbi = PG.connect().jdbi();
    budget = new WriteBudget(jdbi);
  }

  void row(int ticket, String action, String status, int hoursAgo, boolean completedAt) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO meta.daemon_action_log (ticket_id, action_id, action_type,"
                        + " status, attempt, executed_at, completed_at) VALUES (:t, :a, 'comment',"
                        + " :s, 1, now() - make_interval(hours => :h),"
                        + " CASE WHEN :c THEN now() - make_interval(hours => :h) END)")
                .bind("t", ticket)
                .bind("a", action)
                .bind("s", status)
                .bind("h", hoursAgo)
                .bind("c", completedAt)
                .execute());
  }

  @Test
  void countsTheTicketsCompletedActionsOfTheLast24Hours() {
    row(1, "comment:aaaaaaaaaaaa:v1", "completed", 1, true);
    row(1, "comment:bbbbbbbbbbbb:v1", "completed", 23, true);
    // the Python daemon's rows have no completed_at: their execution time counts
    row(1, "comment:cccccccccccc:v1", "completed", 2, false);
    row(1, "comment:dddddddddddd:v1", "completed", 25, true);
    row(1, "comment:eeeeeeeeeeee:v1", "skipped", 1, true);
    row(1, "comment:ffffffffffff:v1", "failed", 1, false);
    row(1, "comment:000000000000:v1", "in_progress", 1, false);
    row(2, "comment:aaaaaaaaaaaa:v1", "completed", 1, true);

    assertThat(budget.writesInLastDay(1)).isEqualTo(3);
    assertThat(budget.writesInLastDay(2)).isEqualTo(1);
    assertThat(budget.writesInLastDay(3)).isZero();
  }

  @Test
  void markParkedRaisesOnlyAFailedRowsRunsToTheThreshold() {
    row(1, "comment:ffffffffffff:v1", "failed", 1, false);
    row(1, "comment:aaaaaaaaaaaa:v1", "completed", 1, true);

    budget.markParked(1, "comment:ffffffffffff:v1", 3);
    budget.markParked(1, "comment:aaaaaaaaaaaa:v1", 3);

    ActionLedger ledger = new ActionLedger(jdbi);
    var states =
        ledger.loadStates(
            1, java.util.List.of("comment:ffffffffffff:v1", "comment:aaaaaaaaaaaa:v1"));
    assertThat(states.get("comment:ffffffffffff:v1").isParked(3)).isTrue();
    assertThat(states.get("comment:aaaaaaaaaaaa:v1").attempt()).isEqualTo(1);
  }
}
