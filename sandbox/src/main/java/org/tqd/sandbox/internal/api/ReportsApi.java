package org.tqd.sandbox.internal.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.tqd.sandbox.internal.data.Catalog;
import org.tqd.sandbox.internal.data.DataStore;
import org.tqd.sandbox.internal.data.Person;
import org.tqd.sandbox.internal.data.Report;
import org.tqd.sandbox.internal.data.Ticket;
import org.tqd.sandbox.internal.http.ApiException;
import org.tqd.sandbox.internal.http.ApiResponse;
import org.tqd.sandbox.internal.http.Exchange;
import org.tqd.sandbox.internal.http.JsonBody;
import org.tqd.sandbox.internal.json.Json;

/**
 * {@code GET api/reports}, {@code GET api/reports/{id}} and {@code POST api/reports/search}. A
 * report's rows are its tickets read live, keyed by column name: {@code TicketID} (number), {@code
 * Title}, {@code StatusName}, {@code CustomerName}, {@code ResponsibleGroupName}, {@code
 * CreatedDate}, {@code ModifiedDate}.
 */
public final class ReportsApi {

  /** A report column: header, column name and TDX DataType (1 String, 2 Integer, 7 DateAndTime). */
  private record Column(String header, String name, int dataType) {}

  private static final List<Column> COLUMNS =
      List.of(
          new Column("ID", "TicketID", 2),
          new Column("Title", "Title", 1),
          new Column("Status", "StatusName", 1),
          new Column("Requestor", "CustomerName", 1),
          new Column("Resp Group", "ResponsibleGroupName", 1),
          new Column("Created", "CreatedDate", 7),
          new Column("Modified", "ModifiedDate", 7));

  private final Services s;
  private final DataStore store;

  public ReportsApi(Services services) {
    this.s = services;
    this.store = services.store();
  }

  /** {@code GET api/reports}: every report visible to the caller. */
  public ApiResponse list(Exchange x) {
    return store.read(
        () -> {
          ArrayNode out = Json.array();
          for (Report r : store.reports()) {
            out.add(info(r));
          }
          return ApiResponse.ok(out);
        });
  }

  /** {@code POST api/reports/search} with a ReportSearch. */
  public ApiResponse search(Exchange x) {
    JsonBody b = x.body("a ReportSearch");
    String text = b.string("SearchText");
    Integer forApp = b.integerOrNull("ForAppID");
    return store.read(
        () -> {
          ArrayNode out = Json.array();
          for (Report r : store.reports()) {
            boolean textOk =
                text == null
                    || r.name().toLowerCase(Locale.ROOT).contains(text.toLowerCase(Locale.ROOT));
            boolean appOk =
                forApp == null || forApp == 0 || forApp == s.catalog().ids().ticketAppId();
            if (textOk && appOk) {
              out.add(info(r));
            }
          }
          return ApiResponse.ok(out);
        });
  }

  /** {@code GET api/reports/{id}?withData=&dataSortExpression=}. */
  public ApiResponse get(Exchange x) {
    int id = x.pathInt("id");
    boolean withData = x.queryBool("withData", false);
    String sort = x.query("dataSortExpression");
    Comparator<Ticket> order = sortOrder(sort);
    return store.read(
        () -> {
          Report r = store.report(id);
          if (r == null) {
            throw ApiException.notFound("Report " + id + " was not found.");
          }
          ObjectNode o = info(r);
          o.put("Description", "Tickets waiting for the automation queue.");
          o.put("MaxResults", r.maxResults());
          ArrayNode cols = o.putArray("DisplayedColumns");
          for (Column c : COLUMNS) {
            ObjectNode col = cols.addObject();
            col.put("HeaderText", c.header());
            col.put("ColumnName", c.name());
            col.put("DataType", c.dataType());
            col.put("SortColumnExpression", c.name());
            col.put("SortColumnName", c.name());
            col.put("SortDataType", c.dataType());
            col.put("Aggregate", 0);
            col.put("Component", 0);
            col.putNull("FooterExpression");
          }
          ArrayNode sortOrder = o.putArray("SortOrder");
          sortOrder
              .addObject()
              .put("ColumnLabel", "ID")
              .put("ColumnName", "TicketID")
              .put("IsAscending", true);
          o.putNull("ChartType");
          o.putArray("ChartSettings");
          if (!withData) {
            o.putNull("DataRows");
            return ApiResponse.ok(o);
          }
          List<Ticket> tickets = new ArrayList<>();
          for (int tid : r.ticketIds()) {
            Ticket t = store.ticket(tid);
            if (t != null) {
              tickets.add(t);
            }
          }
          if (order != null) {
            tickets.sort(order);
          }
          ArrayNode rows = o.putArray("DataRows");
          for (Ticket t : tickets.subList(0, Math.min(tickets.size(), r.maxResults()))) {
            rows.add(row(t));
          }
          return ApiResponse.ok(o);
        });
  }

  private ObjectNode info(Report r) {
    Person creator = store.person(r.createdUid());
    Catalog c = s.catalog();
    ObjectNode o = Json.object();
    o.put("ID", r.id());
    o.put("Name", r.name());
    o.put("CreatedUid", Json.uid(r.createdUid()));
    o.put("CreatedFullName", creator == null ? null : creator.fullName());
    o.put("CreatedDate", Json.date(r.createdDate()));
    o.put("OwningGroupID", 0);
    o.putNull("OwningGroupName");
    o.put("SystemAppName", "TDTickets");
    o.put("PlatformAppID", c.ids().ticketAppId());
    o.put("PlatformAppName", c.ticketAppName());
    o.put("ReportSourceID", 1);
    o.put("ReportSourceName", "Tickets");
    o.put("Uri", "api/reports/" + r.id());
    return o;
  }

  private ObjectNode row(Ticket t) {
    Catalog c = s.catalog();
    Person requestor = store.person(t.requestorUid());
    Catalog.TicketStatus status = c.status(t.statusId());
    ObjectNode row = Json.object();
    row.put("TicketID", t.id());
    row.put("Title", t.title());
    row.put("StatusName", status == null ? null : status.name());
    row.put("CustomerName", requestor == null ? null : requestor.fullName());
    row.put("ResponsibleGroupName", Catalog.nameOf(c.groups(), t.responsibleGroupId()));
    row.put("CreatedDate", Json.date(t.createdDate()));
    row.put("ModifiedDate", Json.date(t.modifiedDate()));
    return row;
  }

  /** Parses {@code "Column [ASC|DESC]"}; null or blank keeps the report's order. */
  private Comparator<Ticket> sortOrder(String expression) {
    if (expression == null || expression.isBlank()) {
      return null;
    }
    String[] parts = expression.trim().split("\\s+");
    boolean desc = parts.length > 1 && parts[1].equalsIgnoreCase("DESC");
    if (parts.length > 2 || (parts.length == 2 && !desc && !parts[1].equalsIgnoreCase("ASC"))) {
      throw ApiException.badRequest(
          "Invalid dataSortExpression '" + expression + "': use '<ColumnName> [ASC|DESC]'.");
    }
    Comparator<Ticket> c;
    switch (parts[0].toLowerCase(Locale.ROOT)) {
      case "ticketid":
        c = Comparator.comparingInt(Ticket::id);
        break;
      case "title":
        c = Comparator.comparing(t -> t.title() == null ? "" : t.title());
        break;
      case "createddate":
        c = Comparator.comparing(Ticket::createdDate);
        break;
      case "modifieddate":
        c = Comparator.comparing(Ticket::modifiedDate);
        break;
      case "statusname":
        c = Comparator.comparing(t -> String.valueOf(statusName(t)));
        break;
      case "customername":
        c = Comparator.comparing(t -> String.valueOf(customerName(t)));
        break;
      case "responsiblegroupname":
        c =
            Comparator.comparing(
                t -> String.valueOf(Catalog.nameOf(s.catalog().groups(), t.responsibleGroupId())));
        break;
      default:
        throw ApiException.badRequest(
            "Invalid dataSortExpression '" + expression + "': unknown column '" + parts[0] + "'.");
    }
    c = c.thenComparingInt(Ticket::id);
    return desc ? c.reversed() : c;
  }

  private String statusName(Ticket t) {
    Catalog.TicketStatus st = s.catalog().status(t.statusId());
    return st == null ? null : st.name();
  }

  private String customerName(Ticket t) {
    Person p = store.person(t.requestorUid());
    return p == null ? null : p.fullName();
  }
}
