package org.tqd.activities.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Python daemon's tracker utilities: history, stats, clear failed. Each test owns a database.
 */
class ActionLedgerOperatorTest {

  @RegisterExtension static final PostgresExtension PG = new PostgresExtension();

  static final String ADD_ASSET = "add_asset:a6ee89781f2f:v2";
  static final String FIND_ACTIVE = "find_active_tickets:e9b209460690:v1";
  static final String SUMMARY = "summary_comment:3a46b2bb91de:v1";
  static final String COMMENT = "comment:054200481667:v1";

  static Database db;
  static ActionLedger ledger;

  @BeforeAll
  static void fill() {
    db = PG.connect();
    ledger = new ActionLedger(db.jdbi());
    // Ticket 1: a full run plus an older daemon row; ticket 2: a failure; ticket 3: in progress.
    db.jdbi()
        .useHandle(
            h ->
                h.execute(
                    "INSERT INTO meta.daemon_action_log (ticket_id, action_id, action_type,"
                        + " status, executed_at) VALUES (1, ?, 'comment', 'completed',"
                        + " '2025-11-20T10:00:00Z')",
                    COMMENT));
    for (String a : List.of(ADD_ASSET, FIND_ACTIVE, SUMMARY)) {
      String type = a.substring(0, a.indexOf(':'));
      ledger.claim(1, a, type, null, new ClaimContext("tqd:1:p", "r1", 9, "p"));
      ledger.complete(1, a, ActionStatus.COMPLETED, type + " done", Map.of());
    }
    ledger.claim(2, ADD_ASSET, "add_asset", null, null);
    ledger.fail(2, ADD_ASSET, "TDX answered 403", Map.of());
    ledger.claim(2, COMMENT, "comment", null, null);
    ledger.fail(2, COMMENT, "TDX answered 500", Map.of());
    ledger.claim(3, ADD_ASSET, "add_asset", null, null);
  }

  @Test
  void historyListsATicketsRowsNewestFirst() {
    List<ActionState> history = ledger.history(1);

    assertThat(history).extracting(ActionState::actionId).hasSize(4).endsWith(COMMENT);
    assertThat(history.get(0).executedAt()).isAfterOrEqualTo(history.get(1).executedAt());
    assertThat(history.get(3).attempt()).isEqualTo(1);
    assertThat(history.get(3).workflowId()).isNull();
    assertThat(ledger.history(999)).isEmpty();
  }

  @Test
  void statsCountPerTypeAndStatusWithFirstAndLastExecution() {
    LedgerStats all = ledger.stats();

    assertThat(all.totalActions()).isEqualTo(7);
    assertThat(all.byStatus())
        .containsEntry(ActionStatus.COMPLETED, 4L)
        .containsEntry(ActionStatus.FAILED, 2L)
        .containsEntry(ActionStatus.IN_PROGRESS, 1L)
        .containsEntry(ActionStatus.SKIPPED, 0L);
    assertThat(all.byType().keySet())
        .containsExactly("add_asset", "comment", "find_active_tickets", "summary_comment");
    LedgerStats.TypeStats comment = all.byType().get("comment");
    assertThat(comment.total()).isEqualTo(2);
    assertThat(comment.completed()).isEqualTo(1);
    assertThat(comment.failed()).isEqualTo(1);
    // First and last across all statuses, not those of whichever status came last.
    assertThat(comment.firstExecuted()).isEqualTo("2025-11-20T10:00:00Z");
    assertThat(comment.lastExecuted()).isAfter(comment.firstExecuted());
    LedgerStats.TypeStats addAsset = all.byType().get("add_asset");
    assertThat(addAsset.total()).isEqualTo(3);
    assertThat(addAsset.inProgress()).isEqualTo(1);

    LedgerStats onlyAddAsset = ledger.stats("add_asset");
    assertThat(onlyAddAsset.totalActions()).isEqualTo(3);
    assertThat(onlyAddAsset.byType()).containsOnlyKeys("add_asset");
  }

  @Test
  void clearFailedResetsTheRunCountOfFailedRowsOfOneTicketOrAllAndDeletesNothing() {
    Database own = PG.connect();
    ActionLedger l = new ActionLedger(own.jdbi());
    for (int ticket = 1; ticket <= 3; ticket++) {
      l.fail(ticket, ADD_ASSET, "boom", Map.of());
      l.complete(ticket, SUMMARY, ActionStatus.COMPLETED, null, Map.of());
    }

    assertThat(l.clearFailed(2)).isEqualTo(1);
    assertThat(l.clearFailed(2)).isZero();
    assertThat(l.clearFailed()).isEqualTo(2);

    assertThat(l.stats().byStatus())
        .containsEntry(ActionStatus.FAILED, 3L)
        .containsEntry(ActionStatus.COMPLETED, 3L);
    for (int ticket = 1; ticket <= 3; ticket++) {
      ActionState row = l.loadStates(ticket, java.util.List.of(ADD_ASSET)).get(ADD_ASSET);
      assertThat(row.attempt()).isZero();
      assertThat(row.errorMessage()).isEqualTo("boom");
      assertThat(row.isParked(1)).isFalse();
    }
  }
}
