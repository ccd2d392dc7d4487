package org.tqd.starter;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import org.tqd.tdx.model.Report;

/**
 * The tickets of one report, in report order, one entry per ticket.
 *
 * @param reportId the report
 * @param reportName the report's name (may be null)
 * @param rows rows in the report
 * @param withoutId rows whose ID column was missing, empty, or not a positive whole number
 * @param duplicates rows naming a ticket an earlier row already named
 * @param tickets the distinct tickets, in the order of their first row
 */
public record ReportTickets(
    int reportId,
    String reportName,
    int rows,
    int withoutId,
    int duplicates,
    List<ReportTicket> tickets) {

  public ReportTickets {
    tickets = List.copyOf(tickets);
  }

  /**
   * One ticket named by the report, with the title and the cells of its first row.
   *
   * @param id the ticket ID
   * @param title the title (null when absent)
   * @param row the row's cells by column name (empty when unknown): the starter decides conditions
   *     from them where it can, without a TDX call
   */
  public record ReportTicket(int id, String title, Map<String, Object> row) {

    public ReportTicket {
      row =
          row == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(row));
    }

    /** A ticket without row cells. */
    public ReportTicket(int id, String title) {
      this(id, title, Map.of());
    }
  }

  /** The ticket IDs, in report order. */
  public List<Integer> ids() {
    return tickets.stream().map(ReportTicket::id).toList();
  }

  /**
   * Reads the tickets out of a report's {@code DataRows}. ID values may be JSON numbers, numeric
   * strings, or whole doubles such as {@code 123.0}; any other value (empty, fractional, negative,
   * text) makes the row count as without ID. Several rows for one ticket count once, keeping the
   * first.
   *
   * @throws ReportConfigurationException when the report's columns ({@code DisplayedColumns}, or
   *     the keys of its rows) do not include {@code idColumn} at all
   */
  public static ReportTickets extract(Report report, String idColumn, String titleColumn) {
    Objects.requireNonNull(report, "report");
    List<Map<String, Object>> rows = report.dataRows() == null ? List.of() : report.dataRows();
    requireIdColumn(report, rows, idColumn);

    Map<Integer, ReportTicket> tickets = new LinkedHashMap<>();
    int withoutId = 0;
    int duplicates = 0;
    for (Map<String, Object> row : rows) {
      OptionalInt id = row == null ? OptionalInt.empty() : parseId(row.get(idColumn));
      if (id.isEmpty()) {
        withoutId++;
      } else if (tickets.containsKey(id.getAsInt())) {
        duplicates++;
      } else {
        Object title = row.get(titleColumn);
        tickets.put(
            id.getAsInt(),
            new ReportTicket(id.getAsInt(), title == null ? null : title.toString(), row));
      }
    }
    return new ReportTickets(
        report.id(),
        report.name(),
        rows.size(),
        withoutId,
        duplicates,
        new ArrayList<>(tickets.values()));
  }

  /**
   * A ticket ID from a report cell: a positive whole number given as a JSON number, a numeric
   * string, or a double without a fractional part. Empty for anything else.
   */
  static OptionalInt parseId(Object value) {
    String text;
    if (value instanceof Number || value instanceof String) {
      text = value.toString().trim();
    } else {
      return OptionalInt.empty();
    }
    if (text.isEmpty()) {
      return OptionalInt.empty();
    }
    try {
      BigDecimal number = new BigDecimal(text);
      if (number.signum() <= 0 || number.stripTrailingZeros().scale() > 0) {
        return OptionalInt.empty();
      }
      return OptionalInt.of(number.intValueExact());
    } catch (NumberFormatException | ArithmeticException e) {
      // not a number (NaN, "abc"), or larger than a TDX Int32 ID: not a usable ticket ID
      return OptionalInt.empty();
    }
  }

  private static void requireIdColumn(
      Report report, List<Map<String, Object>> rows, String idColumn) {
    Set<String> columns = new LinkedHashSet<>();
    if (report.displayedColumns() != null) {
      report.displayedColumns().stream()
          .filter(Objects::nonNull)
          .map(Report.DisplayColumn::columnName)
          .filter(Objects::nonNull)
          .forEach(columns::add);
    }
    for (Map<String, Object> row : rows) {
      if (row != null) {
        columns.addAll(row.keySet());
      }
    }
    if (columns.isEmpty() || columns.contains(idColumn)) {
      // a report without columns and rows is simply empty; nothing to check against
      return;
    }
    String hint =
        columns.stream()
            .filter(c -> c.equalsIgnoreCase(idColumn))
            .findFirst()
            .map(c -> " Column names are case-sensitive: did you mean '" + c + "'?")
            .orElse("");
    throw new ReportConfigurationException(
        "Report "
            + report.id()
            + (report.name() == null ? "" : " '" + report.name() + "'")
            + " has no column '"
            + idColumn
            + "' to read ticket IDs from; its columns are "
            + String.join(", ", columns)
            + ". Add the ticket ID column to the report in TDX, or set the ID column option to the"
            + " column that holds ticket IDs."
            + hint
            + " No workflow was started.");
  }
}
