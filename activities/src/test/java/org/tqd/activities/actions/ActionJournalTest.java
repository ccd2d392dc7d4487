package org.tqd.activities.actions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tqd.activities.ledger.ActionLedger;
import org.tqd.activities.ledger.ActionState;
import org.tqd.activities.ledger.ClaimContext;
import org.tqd.activities.ledger.Database;
import org.tqd.activities.ledger.PostgresExtension;

/** Plans and follow-ups stored in ledger rows, in a real PostgreSQL. */
class ActionJournalTest {

  @RegisterExtension static final PostgresExtension PG = new PostgresExtension();

  private static final String COMMENT = "comment:054200481667:v1";

  @Test
  void aPlanHoldingTextPostgresqlCannotStoreIsStoredWithAReplacementCharacter() {
    Database db = PG.connect();
    ActionLedger ledger = new ActionLedger(db.jdbi());
    ActionJournal journal = new ActionJournal(db.jdbi());
    ledger.claim(9001, COMMENT, "comment", null, new ClaimContext("wf", "r1", null, "p"));

    journal.savePending(9001, COMMENT, Map.of("text", "Title with a NUL\0 from TDX"));

    ActionState row = ledger.loadStates(9001, List.of(COMMENT)).get(COMMENT);
    assertThat(row.metadata().get(ActionJournal.PENDING_KEY))
        .isEqualTo(Map.of("text", "Title with a NUL\uFFFD from TDX"));
  }

  @Test
  void aFollowUpIsStoredInTheDoneSummaryRowAndClearedOncePosted() {
    Database db = PG.connect();
    ActionLedger ledger = new ActionLedger(db.jdbi());
    ActionJournal journal = new ActionJournal(db.jdbi());
    String summary = "summary_comment:3a46b2bb91de:v1";
    ledger.claim(9002, summary, "summary_comment", null, new ClaimContext("wf", "r1", null, "p"));
    ledger.complete(
        9002, summary, org.tqd.activities.ledger.ActionStatus.COMPLETED, null, Map.of("n", 1));

    journal.saveFollowUp(9002, summary, Map.of("reference", "[tqd:12345678]"));
    ActionState stored = ledger.loadStates(9002, List.of(summary)).get(summary);
    assertThat(stored.metadata().get(ActionJournal.FOLLOW_UP_KEY))
        .isEqualTo(Map.of("reference", "[tqd:12345678]"));
    assertThat(stored.metadata()).containsEntry("n", 1);

    journal.clearFollowUp(9002, summary);
    ActionState cleared = ledger.loadStates(9002, List.of(summary)).get(summary);
    assertThat(cleared.metadata()).doesNotContainKey(ActionJournal.FOLLOW_UP_KEY);
    assertThat(cleared.metadata()).containsEntry("n", 1);
  }
}
