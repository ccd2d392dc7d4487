package org.tqd.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tqd.starter.PollResult;
import org.tqd.tdx.model.Report;

/**
 * One poll of a report whose tickets are all done, timed, with the TDX calls it made; and, right
 * after it, the two parts of a poll timed on their own: the report call and the ledger query.
 *
 * @param number the poll's number in the run
 * @param poll what the poll did
 * @param calls TDX calls of the poll, per method template
 * @param reportMillis one {@code GET reports/{id}} with data, through the poller's client
 * @param ledgerMillis one ledger assessment of the report's tickets (the poll's one query)
 */
record Repoll(
    int number,
    PollResult poll,
    Map<String, Long> calls,
    double reportMillis,
    double ledgerMillis) {

  static Repoll measure(Harness h, int number) {
    h.sandbox.resetCalls();
    PollResult poll = h.poller.pollOnce();
    Map<String, Long> calls = h.sandbox.calls();

    long t0 = System.nanoTime();
    Report report = h.services.tdxForCommands().getReport(h.sandbox.reportId(), true);
    double reportMillis = (System.nanoTime() - t0) / 1e6;
    List<Integer> ids =
        report.dataRows().stream()
            .map(row -> Report.intValue(row, "TicketID"))
            .filter(java.util.Objects::nonNull)
            .toList();
    long t1 = System.nanoTime();
    h.services
        .ledger()
        .assess(ids, h.pipeline.pipeline().actionIds(), h.pipeline.maxRunsBeforePark());
    double ledgerMillis = (System.nanoTime() - t1) / 1e6;
    return new Repoll(number, poll, calls, reportMillis, ledgerMillis);
  }

  void print() {
    System.out.printf(
        Locale.ROOT,
        "poll %d: %.0f ms, %d tickets found, %d started, %d already done; TDX calls %s;"
            + " alone: report call %.0f ms, ledger query %.0f ms%n",
        number,
        poll.duration().toNanos() / 1e6,
        poll.found(),
        poll.started(),
        poll.alreadyDone(),
        calls,
        reportMillis,
        ledgerMillis);
  }
}
