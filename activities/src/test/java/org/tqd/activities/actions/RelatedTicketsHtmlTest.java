package org.tqd.activities.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tqd.activities.actions.TextsTestSupport.ticket;

import java.util.List;
import org.junit.jupiter.api.Test;

class RelatedTicketsHtmlTest {

  private final RelatedTicketsHtml html =
      new RelatedTicketsHtml("https://teamdynamix.umich.edu/TDNext", 46);

  @Test
  void rendersTheDaemonsTablesWithEscapedTicketText() {
    String out =
        html.render(
            List.of(ticket(5, "Printer <b>jam</b>", "Open", "2026-03-01T10:00:00Z")),
            List.of(ticket(6, "A & B", null, null)),
            List.of(),
            List.of());
    assertThat(out)
        .isEqualTo(
            "<strong>📋 Related Active Tickets</strong><br/>\n"
                + "<h4>Requestor Tickets (1)</h4>\n"
                + "<table border=\"1\" cellpadding=\"5\" cellspacing=\"0\" style=\"border-collapse:"
                + " collapse;\">\n"
                + "<tr><th>ID</th><th>Title</th><th>Status</th><th>Modified</th></tr>\n"
                + "<tr><td><a href=\"https://teamdynamix.umich.edu/TDNext/Apps/46/Tickets/TicketDet?TicketID=5\">5</a></td>"
                + "<td>Printer &lt;b&gt;jam&lt;/b&gt;</td><td>Open</td><td>2026-03-01</td></tr>\n"
                + "</table>\n"
                + "\n"
                + "<h4>Asset Tickets (1)</h4>\n"
                + "<table border=\"1\" cellpadding=\"5\" cellspacing=\"0\" style=\"border-collapse:"
                + " collapse;\">\n"
                + "<tr><th>ID</th><th>Title</th><th>Status</th><th>Modified</th></tr>\n"
                + "<tr><td><a href=\"https://teamdynamix.umich.edu/TDNext/Apps/46/Tickets/TicketDet?TicketID=6\">6</a></td>"
                + "<td>A &amp; B</td><td>Unknown</td><td>Unknown</td></tr>\n"
                + "</table>\n"
                + "<p><strong>Total Related Tickets:</strong> Requestor: 1, Asset: 1</p>\n");
  }

  @Test
  void saysNoneFoundAndListsEscapedErrors() {
    assertThat(
            html.render(
                List.of(), List.of(), List.of(), List.of("⚠️ Could not fetch <asset> tickets")))
        .isEqualTo(
            "<strong>📋 Related Active Tickets</strong><br/>\n"
                + "<p><em>No related active tickets found.</em></p>"
                + "\n<p><strong>Errors encountered:</strong><br/>\n"
                + "⚠️ Could not fetch &lt;asset&gt; tickets</p>");
  }

  @Test
  void usesTheConfiguredLinkBaseAndApp() {
    String out =
        new RelatedTicketsHtml("http://127.0.0.1:8080/SBTDNext/", 7)
            .render(List.of(ticket(1, "t", "s", "d")), List.of(), List.of(), List.of());
    assertThat(out)
        .contains(
            "<a href=\"http://127.0.0.1:8080/SBTDNext/Apps/7/Tickets/TicketDet?TicketID=1\">");
  }

  @Test
  void derivesTheWebBaseFromTheApiBase() {
    assertThat(RelatedTicketsHtml.defaultWebBase("https://tdx.example.edu/TDWebApi/api"))
        .isEqualTo("https://tdx.example.edu/TDNext");
    assertThat(RelatedTicketsHtml.defaultWebBase("https://tdx.example.edu/SBTDWebApi/api"))
        .isEqualTo("https://tdx.example.edu/SBTDNext");
    assertThat(RelatedTicketsHtml.defaultWebBase("http://127.0.0.1:4567/SBTDWebApi/api/"))
        .isEqualTo("http://127.0.0.1:4567/SBTDNext");
  }
}
