package org.tqd.starter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tqd.starter.PollResult.Disposition;
import org.tqd.starter.PollResult.ErrorKind;
import org.tqd.starter.PollResult.PollError;
import org.tqd.starter.PollResult.TicketStart;

class PollResultTest {

  private static List<TicketStart> tickets(int started, int restarted, int done, int inFlight) {
    List<TicketStart> out = new ArrayList<>();
    int id = 1;
    for (int i = 0; i < started; i++) {
      out.add(new TicketStart(id++, null, "w", "r", Disposition.STARTED, null));
    }
    for (int i = 0; i < restarted; i++) {
      out.add(new TicketStart(id++, null, "w", "r", Disposition.RESTARTED, null));
    }
    for (int i = 0; i < done; i++) {
      out.add(new TicketStart(id++, null, "w", null, Disposition.ALREADY_DONE, null));
    }
    for (int i = 0; i < inFlight; i++) {
      out.add(new TicketStart(id++, null, "w", "r", Disposition.IN_FLIGHT, null));
    }
    return out;
  }

  private static PollResult result(List<TicketStart> tickets, PollError error, boolean dryRun) {
    return new PollResult(
        7,
        1344,
        "Queue",
        dryRun,
        Instant.EPOCH,
        Duration.ofMillis(1234),
        203,
        200,
        3,
        0,
        tickets,
        error,
        false);
  }

  @Test
  void theLineCarriesThisPollsNumbers() {
    PollResult r = result(tickets(148, 2, 40, 10), null, false);
    assertThat(r.line())
        .isEqualTo(
            "poll #7 report 1344: found 200 (rows 203, without ID 3, duplicates 0), started 150,"
                + " already done 40, in flight 10, restarted after failure 2, start errors 0,"
                + " in 1.23 s");
    assertThat(r.succeeded()).isTrue();
    assertThat(r.startedRuns()).hasSize(150);
  }

  @Test
  void aReportErrorIsNeverAnEmptyReport() {
    PollResult r =
        result(List.of(), new PollError(ErrorKind.REPORT, "GET reports/{id} failed: 500"), false);
    assertThat(r.line())
        .isEqualTo("poll #7 report 1344: report error: GET reports/{id} failed: 500, in 1.23 s");
    assertThat(r.succeeded()).isFalse();
  }

  @Test
  void dryRunsAndStartErrorsShowInTheLine() {
    List<TicketStart> t = tickets(1, 0, 0, 0);
    t.add(new TicketStart(99, null, "w", null, Disposition.START_FAILED, "boom"));
    PollResult r = result(t, null, true);
    assertThat(r.line()).startsWith("poll #7 report 1344 (dry run): ").contains("start errors 1");
    assertThat(r.succeeded()).isFalse();
  }

  @Test
  void totalsAddUpPolls() {
    PollTotals totals =
        PollTotals.NONE
            .plus(result(tickets(3, 1, 0, 0), null, false))
            .plus(result(tickets(0, 0, 4, 0), new PollError(ErrorKind.LEDGER, "down"), false));
    assertThat(totals).isEqualTo(new PollTotals(2, 1, 4, 1, 4, 0, 0));
  }
}
