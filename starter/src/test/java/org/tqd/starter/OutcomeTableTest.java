package org.tqd.starter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tqd.workflows.activities.ActionResult;
import org.tqd.workflows.activities.ActionResult.Outcome;

class OutcomeTableTest {

  @Test
  void aDryRunShowsEveryPlannedWrite() {
    ActionResult add =
        new ActionResult(
            "add_asset:a6ee89781f2f:v2",
            "add_asset",
            Outcome.PLANNED,
            "[DRY RUN] would add 1 asset",
            "Added 1 asset(s): IC-EHLB760-F16.",
            List.of(),
            List.of("POST tickets/101/assets/500007 (IC-EHLB760-F16)"),
            Map.of());
    ActionResult summary =
        new ActionResult(
            "summary_comment:3a46b2bb91de:v1",
            "summary_comment",
            Outcome.PLANNED,
            "[DRY RUN] Summary comment would be posted",
            null,
            List.of(),
            List.of("POST tickets/101/feed (private comment, 212 chars)"),
            Map.of());
    TicketOutcome outcome =
        new TicketOutcome(
            101,
            "Laptop",
            "tqd-dry:101:674ae796b67d",
            "run",
            TicketOutcome.Status.SUCCEEDED,
            "planned 2",
            List.of(add, summary));

    List<String> lines = OutcomeTable.lines(List.of(outcome));

    assertThat(lines)
        .contains("                   would POST tickets/101/assets/500007 (IC-EHLB760-F16)")
        .contains("                   would POST tickets/101/feed (private comment, 212 chars)")
        .last()
        .isEqualTo("1 ticket: 1 succeeded, 0 failed, 0 timed out");
  }
}
