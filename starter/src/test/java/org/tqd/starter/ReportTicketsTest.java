package org.tqd.starter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tqd.starter.ReportTickets.ReportTicket;
import org.tqd.tdx.model.Report;
import org.tqd.tdx.model.Report.DisplayColumn;

class ReportTicketsTest {

  private static final List<DisplayColumn> COLUMNS =
      List.of(
          new DisplayColumn("Ticket ID", "TicketID", 2),
          new DisplayColumn("Title", "Title", 1),
          new DisplayColumn("Status", "StatusName", 1));

  private static Map<String, Object> row(Object id, String title) {
    Map<String, Object> row = new HashMap<>();
    row.put("TicketID", id);
    row.put("Title", title);
    return row;
  }

  private static Report report(List<DisplayColumn> columns, List<Map<String, Object>> rows) {
    return new Report(1344, "Open computer tickets", 1000, columns, rows);
  }

  @Test
  void readsNumbersNumericStringsAndWholeDoubles() {
    ReportTickets tickets =
        ReportTickets.extract(
            report(
                COLUMNS,
                List.of(
                    row(101, "a"),
                    row("102", "b"),
                    row(103.0, "c"),
                    row(" 104 ", "d"),
                    row("105.0", "e"),
                    row(106L, "f"),
                    row(new BigDecimal("107.00"), "g"))),
            "TicketID",
            "Title");
    assertThat(tickets.ids()).containsExactly(101, 102, 103, 104, 105, 106, 107);
    assertThat(tickets.tickets().get(0)).isEqualTo(new ReportTicket(101, "a", row(101, "a")));
    assertThat(tickets.rows()).isEqualTo(7);
    assertThat(tickets.withoutId()).isZero();
    assertThat(tickets.duplicates()).isZero();
  }

  @Test
  void countsRowsWithoutAUsableIdAndGoesOn() {
    Map<String, Object> noKey = new HashMap<>(Map.of("Title", "no id at all"));
    ReportTickets tickets =
        ReportTickets.extract(
            report(
                COLUMNS,
                Arrays.asList(
                    row(null, "null"),
                    row("", "empty"),
                    row("abc", "text"),
                    row(12.5, "fraction"),
                    row(-3, "negative"),
                    row(0, "zero"),
                    row(true, "boolean"),
                    row(9_999_999_999L, "beyond Int32"),
                    row(Double.NaN, "NaN"),
                    noKey,
                    null,
                    row(200, "good"))),
            "TicketID",
            "Title");
    assertThat(tickets.ids()).containsExactly(200);
    assertThat(tickets.withoutId()).isEqualTo(11);
    assertThat(tickets.rows()).isEqualTo(12);
  }

  @Test
  void collapsesDuplicateRowsKeepingReportOrderAndTheFirstTitle() {
    ReportTickets tickets =
        ReportTickets.extract(
            report(
                COLUMNS,
                List.of(
                    row(3, "three"),
                    row(1, "one"),
                    row("3", "three again"),
                    row(2, "two"),
                    row(1.0, "one again"))),
            "TicketID",
            "Title");
    assertThat(tickets.tickets())
        .containsExactly(
            new ReportTicket(3, "three", row(3, "three")),
            new ReportTicket(1, "one", row(1, "one")),
            new ReportTicket(2, "two", row(2, "two")));
    assertThat(tickets.duplicates()).isEqualTo(2);
  }

  @Test
  void anEmptyReportIsFine() {
    ReportTickets tickets = ReportTickets.extract(report(COLUMNS, List.of()), "TicketID", "Title");
    assertThat(tickets.tickets()).isEmpty();
    assertThat(tickets.rows()).isZero();
    ReportTickets noData = ReportTickets.extract(report(null, null), "TicketID", "Title");
    assertThat(noData.tickets()).isEmpty();
  }

  @Test
  void aReportWithoutTheIdColumnIsAConfigurationErrorThatSaysHowToFixIt() {
    Map<String, Object> row = Map.of("Ticketid", 5, "Title", "x", "StatusName", "Open");
    assertThatThrownBy(
            () ->
                ReportTickets.extract(
                    report(
                        List.of(
                            new DisplayColumn("ID", "Ticketid", 2),
                            new DisplayColumn("Title", "Title", 1),
                            new DisplayColumn("Status", "StatusName", 1)),
                        List.of(row)),
                    "TicketID",
                    "Title"))
        .isInstanceOf(ReportConfigurationException.class)
        .hasMessageContaining("Report 1344 'Open computer tickets'")
        .hasMessageContaining("no column 'TicketID'")
        .hasMessageContaining("its columns are Ticketid, Title, StatusName")
        .hasMessageContaining("Add the ticket ID column to the report")
        .hasMessageContaining("set the ID column option")
        .hasMessageContaining("did you mean 'Ticketid'?");
  }

  @Test
  void theIdColumnIsFoundInRowKeysWhenTheReportListsNoColumns() {
    ReportTickets tickets =
        ReportTickets.extract(report(List.of(), List.of(row(7, "seven"))), "TicketID", "Title");
    assertThat(tickets.ids()).containsExactly(7);
    assertThatThrownBy(
            () -> ReportTickets.extract(report(null, List.of(row(7, "x"))), "ID", "Title"))
        .isInstanceOf(ReportConfigurationException.class)
        .hasMessageContaining("no column 'ID'")
        .hasMessageContaining("TicketID");
  }

  @Test
  void aConfiguredIdColumnIsUsed() {
    Map<String, Object> row = Map.of("RequestID", "42", "Title", "x");
    ReportTickets tickets = ReportTickets.extract(report(null, List.of(row)), "RequestID", "Title");
    assertThat(tickets.ids()).containsExactly(42);
  }
}
