package org.tqd.activities.actions;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.tqd.tdx.model.Ticket;

/**
 * The HTML of the {@code find_active_tickets} summary, fragment for fragment the Python daemon's
 * (lsats-daemon.md §1.4 item 7), with two fixes: every text taken from a ticket (title, status,
 * date) and every error is HTML-escaped, and the ticket links use a configurable web base and
 * tickets application instead of the daemon's hard-coded host and app 46.
 *
 * @param webBaseUrl the TDX web UI base, such as {@code https://tdx.example.edu/TDNext}, without a
 *     trailing slash
 * @param ticketAppId the tickets application in the links
 */
public record RelatedTicketsHtml(String webBaseUrl, int ticketAppId) {

  static final String HEADER = "<strong>📋 Related Active Tickets</strong><br/>\n";
  static final String TABLE_OPEN =
      "<table border=\"1\" cellpadding=\"5\" cellspacing=\"0\""
          + " style=\"border-collapse: collapse;\">\n"
          + "<tr><th>ID</th><th>Title</th><th>Status</th><th>Modified</th></tr>\n";
  static final String NONE_FOUND = "<p><em>No related active tickets found.</em></p>";

  public RelatedTicketsHtml {
    webBaseUrl =
        webBaseUrl.endsWith("/") ? webBaseUrl.substring(0, webBaseUrl.length() - 1) : webBaseUrl;
  }

  /**
   * The web UI base the daemon derived, for a TDX API base URL: {@code {scheme}://{host}/SBTDNext}
   * for a sandbox API (its path starts with {@code /SB}, or it mentions {@code sandbox}), else
   * {@code {scheme}://{host}/TDNext}.
   */
  public static String defaultWebBase(String tdxBaseUrl) {
    URI uri = URI.create(tdxBaseUrl);
    String path = uri.getPath() == null ? "" : uri.getPath();
    boolean sandbox =
        path.startsWith("/SB") || tdxBaseUrl.toLowerCase(Locale.ROOT).contains("sandbox");
    return uri.getScheme() + "://" + uri.getRawAuthority() + (sandbox ? "/SBTDNext" : "/TDNext");
  }

  /**
   * The summary HTML.
   *
   * @param requestor the requestor's related tickets, already sorted and cut
   * @param asset the tickets of the ticket's assets, already sorted and cut
   * @param lab the lab tickets (tqd has no lab data: always empty today)
   * @param errors one line per category that could not be fetched
   */
  public String render(
      List<Ticket> requestor, List<Ticket> asset, List<Ticket> lab, List<String> errors) {
    List<String> tables = new ArrayList<>();
    List<String> counts = new ArrayList<>();
    addTable("Requestor Tickets", "Requestor", requestor, tables, counts);
    addTable("Asset Tickets", "Asset", asset, tables, counts);
    addTable("Lab Tickets", "Lab", lab, tables, counts);
    StringBuilder html = new StringBuilder(HEADER);
    if (tables.isEmpty()) {
      html.append(NONE_FOUND);
    } else {
      html.append(String.join("\n", tables))
          .append("<p><strong>Total Related Tickets:</strong> ")
          .append(String.join(", ", counts))
          .append("</p>\n");
    }
    if (!errors.isEmpty()) {
      html.append("\n<p><strong>Errors encountered:</strong><br/>\n")
          .append(String.join("<br/>\n", errors.stream().map(Html::escape).toList()))
          .append("</p>");
    }
    return html.toString();
  }

  private void addTable(
      String heading,
      String label,
      List<Ticket> tickets,
      List<String> tables,
      List<String> counts) {
    if (tickets.isEmpty()) {
      return;
    }
    StringBuilder t = new StringBuilder();
    t.append("<h4>").append(heading).append(" (").append(tickets.size()).append(")</h4>\n");
    t.append(TABLE_OPEN);
    for (Ticket ticket : tickets) {
      t.append("<tr><td><a href=\"")
          .append(Html.escape(webBaseUrl))
          .append("/Apps/")
          .append(ticketAppId)
          .append("/Tickets/TicketDet?TicketID=")
          .append(ticket.id())
          .append("\">")
          .append(ticket.id())
          .append("</a></td><td>")
          .append(Html.escape(orUnknown(ticket.title())))
          .append("</td><td>")
          .append(Html.escape(orUnknown(ticket.statusName())))
          .append("</td><td>")
          .append(Html.escape(date(ticket.modifiedDate())))
          .append("</td></tr>\n");
    }
    t.append("</table>\n");
    tables.add(t.toString());
    counts.add(label + ": " + tickets.size());
  }

  private static String orUnknown(String s) {
    return s == null || s.isEmpty() ? "Unknown" : s;
  }

  private static String date(String modified) {
    String s = orUnknown(modified);
    return s.length() > 10 ? s.substring(0, 10) : s;
  }
}
