package org.tqd.activities.actions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tqd.activities.ledger.PostgresExtension;
import org.tqd.sandbox.RateLimits;
import org.tqd.sandbox.TdxSandbox;
import org.tqd.tdx.model.Ticket;
import org.tqd.workflows.activities.ActionResult;

/**
 * The lab table of find_active_tickets, built from TDX as the daemon did (the ticket's CI of the
 * lab type, then {@code GET cmdb/{id}/tickets}), and the stable order of every table.
 */
class FindActiveTicketsLabTest {

  @RegisterExtension static final PostgresExtension PG = new PostgresExtension();

  static TdxSandbox sandbox;
  static Harness h;

  @BeforeAll
  static void start() {
    sandbox = TdxSandbox.builder().tickets(80).seed(5).rateLimits(RateLimits.off()).build().start();
    h = new Harness(PG, sandbox);
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  private static int ticketWithLabTickets(TdxSandbox s) {
    return s.reportTickets().stream()
        .filter(id -> !s.activeLabTickets(id).isEmpty())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no queue ticket whose lab has active tickets"));
  }

  @Test
  void listsTheActiveTicketsOfTheTicketsLabWithOneCall() {
    int id = ticketWithLabTickets(sandbox);
    sandbox.resetCalls();

    ActionResult r = h.actions.findActiveTickets(h.dryRequest(id, Harness.findActive()));

    @SuppressWarnings("unchecked")
    List<Integer> lab = (List<Integer>) r.details().get("lab_tickets");
    assertThat(lab).containsExactlyInAnyOrderElementsOf(sandbox.activeLabTickets(id));
    assertThat(r.details().get("lab_ci_id")).isEqualTo(sandbox.labCiIds(id).get(0));
    assertThat(r.summary())
        .contains("<h4>Lab Tickets (" + lab.size() + ")</h4>")
        .contains("Lab: " + lab.size() + "</p>");
    assertThat(sandbox.calls()).containsEntry("GET cmdb/{id}/tickets", 1L);
  }

  @Test
  void aTicketWithoutALabCostsNoLabCall() {
    int id =
        sandbox.reportTickets().stream()
            .filter(t -> sandbox.labCiIds(t).isEmpty())
            .findFirst()
            .orElseThrow();
    sandbox.resetCalls();

    ActionResult r = h.actions.findActiveTickets(h.dryRequest(id, Harness.findActive()));

    assertThat((List<?>) r.details().get("lab_tickets")).isEmpty();
    assertThat(r.details()).doesNotContainKey("lab_ci_id");
    assertThat(sandbox.calls()).doesNotContainKey("GET cmdb/{id}/tickets");
  }

  @Test
  void twoIdenticalRunsGiveIdenticalTables() {
    try (TdxSandbox twin =
        TdxSandbox.builder().tickets(80).seed(5).rateLimits(RateLimits.off()).build().start()) {
      Harness other = new Harness(PG, twin);
      for (int id : sandbox.reportTickets()) {
        String mine = summary(h, sandbox, id);
        String theirs = summary(other, twin, id);
        assertThat(theirs).as("ticket %d", id).isEqualTo(mine);
      }
    }
  }

  private static String summary(Harness harness, TdxSandbox s, int id) {
    String summary =
        harness.actions.findActiveTickets(harness.dryRequest(id, Harness.findActive())).summary();
    return summary == null ? "" : summary.replace(s.rootUrl(), "{tdx}");
  }

  @Test
  void tablesAreNewestFirstByInstantThenByHigherId() {
    List<Ticket> tickets = new ArrayList<>();
    tickets.add(ticket(5, "2026-03-01T10:00:00Z"));
    tickets.add(ticket(9, "2026-03-01T10:00:00Z"));
    tickets.add(ticket(7, "2026-03-01T10:00:00.500Z"));
    tickets.add(ticket(3, null));
    tickets.add(ticket(4, "2026-02-01T00:00:00Z"));

    assertThat(FindActiveTicketsAction.cut(tickets, 10))
        .extracting(Ticket::id)
        .containsExactly(7, 9, 5, 4, 3);
    Collections.reverse(tickets);
    assertThat(FindActiveTicketsAction.cut(tickets, 2))
        .extracting(Ticket::id)
        .containsExactly(7, 9);
  }

  private static Ticket ticket(int id, String modified) {
    return new Ticket(
        id, 46, "t" + id, null, 0, 0, 115, "New", 1, null, null, null, null, 0, null, modified);
  }
}
