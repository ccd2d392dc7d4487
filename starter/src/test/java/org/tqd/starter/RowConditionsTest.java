package org.tqd.starter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tqd.starter.RowConditions.Verdict;
import org.tqd.workflows.action.ActionCondition;
import org.tqd.workflows.rules.Condition;

class RowConditionsTest {

  private static final Instant POLL = Instant.parse("2026-03-04T15:00:00Z");

  private static Verdict decide(ActionCondition c, Map<String, Object> row) {
    return RowConditions.decide(c, row, "Title", () -> Map.of("open", 115), POLL);
  }

  @Test
  void anAgeIsDecidedFromTheRowsDateColumnAtThePollsTime() {
    ActionCondition olderThan4h =
        ActionCondition.of(Condition.age("CreatedDate", "more_than", "4h", null));
    assertThat(decide(olderThan4h, Map.of("CreatedDate", "2026-03-04T09:00:00Z")))
        .isEqualTo(Verdict.HOLDS);
    assertThat(decide(olderThan4h, Map.of("CreatedDate", "2026-03-04T12:00:00Z")))
        .isEqualTo(Verdict.FAILS);
    assertThat(decide(olderThan4h, Map.of("TicketID", 1))).isEqualTo(Verdict.UNKNOWN);
  }

  @Test
  void aModifiedDateIsNeverDecidedFromTheRowWhichCannotTellTqdsOwnChanges() {
    Condition lastHour = Condition.age("ModifiedDate", "less_than", "1h", null);
    ActionCondition recent = ActionCondition.of(lastHour);
    assertThat(decide(recent, Map.of("ModifiedDate", "2026-03-04T14:55:00Z")))
        .isEqualTo(Verdict.UNKNOWN);
    ActionCondition after =
        ActionCondition.of(Condition.field("ModifiedDate", "more_than", "2026-03-01T00:00:00Z"));
    assertThat(decide(after, Map.of("ModifiedDate", "2026-03-04T14:55:00Z")))
        .isEqualTo(Verdict.UNKNOWN);
    // Other parts of a tree still decide it where they can.
    ActionCondition either =
        ActionCondition.of(
            Condition.any(List.of(lastHour, Condition.column("Queue", "equals", "Desktop"))));
    assertThat(decide(either, Map.of("ModifiedDate", "2026-03-04T14:55:00Z", "Queue", "Desktop")))
        .isEqualTo(Verdict.HOLDS);
  }

  @Test
  void columnsFieldsAndStatusNamesDecideATreeAttributesNever() {
    ActionCondition tree =
        ActionCondition.of(
            Condition.all(
                List.of(
                    Condition.column("Queue", "equals", "Desktop"),
                    Condition.field("StatusID", "in", List.of(115)))));
    assertThat(decide(tree, Map.of("Queue", "Desktop", "StatusName", "Open")))
        .isEqualTo(Verdict.HOLDS);
    assertThat(decide(tree, Map.of("Queue", "Servers"))).isEqualTo(Verdict.FAILS);
    assertThat(decide(tree, Map.of("Queue", "Desktop"))).isEqualTo(Verdict.UNKNOWN);
    assertThat(
            decide(
                ActionCondition.of(Condition.attribute("Dept", "equals", "x")),
                Map.of("Dept", "x")))
        .isEqualTo(Verdict.UNKNOWN);
  }

  @Test
  void shorthandsKeepTheirMeaning() {
    ActionCondition c = new ActionCondition(List.of(115), null, null, "(?i)laptop");
    assertThat(decide(c, Map.of("StatusID", "115", "Title", "Laptop"))).isEqualTo(Verdict.HOLDS);
    assertThat(decide(c, Map.of("StatusID", 117, "Title", "Laptop"))).isEqualTo(Verdict.FAILS);
    assertThat(decide(c, Map.of("StatusID", 115))).isEqualTo(Verdict.UNKNOWN);
  }
}
