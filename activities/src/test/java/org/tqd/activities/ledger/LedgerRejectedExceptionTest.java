package org.tqd.activities.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.Test;

/** A statement refused for its content is not an outage to wait out; a lost connection is. */
class LedgerRejectedExceptionTest {

  private static UnableToExecuteStatementException failure(String state) {
    return new UnableToExecuteStatementException(
        "statement failed", new SQLException("the server said so", state), null);
  }

  @Test
  void dataIntegrityAndSyntaxErrorsAreRejectionsNotOutages() {
    for (String state : new String[] {"22021", "22P02", "23502", "42703", "21000"}) {
      assertThat(LedgerRejectedException.classify("completing ticket 1", failure(state)))
          .as(state)
          .isInstanceOf(LedgerRejectedException.class)
          .hasMessageContaining("SQL state " + state)
          .hasMessageContaining("completing ticket 1");
    }
  }

  @Test
  void connectionAndServerFailuresAreOutages() {
    for (String state : new String[] {"08001", "08006", "57P01", "53300", null}) {
      assertThat(LedgerRejectedException.classify("claiming ticket 1", failure(state)))
          .as(String.valueOf(state))
          .isInstanceOf(LedgerUnavailableException.class);
    }
  }

  @Test
  void aNulInAFailureOrSummaryIsReplacedSoTheRecordCanBeWritten() {
    assertThat(MetadataSanitizer.redactText("bad\0text")).isEqualTo("bad\uFFFDtext");
    assertThat(MetadataSanitizer.sanitize(java.util.Map.of("k", "a\0b")))
        .containsEntry("k", "a\uFFFDb");
  }

  @Test
  void aUrlPasswordWithSlashesOrQuestionMarksIsRedacted() {
    assertThat(
            MetadataSanitizer.redactText(
                "connect to postgresql://tqd:Ab/c+d?e=f@db.example.edu:5432/tqd failed"))
        .isEqualTo("connect to postgresql://tqd:***@db.example.edu:5432/tqd failed")
        .doesNotContain("Ab/c");
  }
}
