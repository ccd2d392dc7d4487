package org.tqd.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tqd.app.Main;
import org.tqd.app.Settings;
import org.tqd.starter.ReportPoller;
import org.tqd.workflows.TicketRun;
import org.tqd.workflows.pipeline.StandardPipeline;

/**
 * Personal data has a lifetime: tickets run through the whole pipeline, one leaves the report, time
 * passes (rows and sightings moved back 40 days), and {@code tqd ledger purge --older-than 30}
 * strips its rows' personal data, leaves the ticket still in the report alone, and keeps what
 * idempotency needs: when the ticket comes back, nothing is written to TDX again.
 */
class RetentionEndToEndTest {

  private static E2ePostgres postgres;

  @BeforeAll
  static void startPostgres() throws IOException {
    postgres = E2ePostgres.start();
  }

  @AfterAll
  static void stopPostgres() throws IOException {
    if (postgres != null) {
      postgres.close();
    }
  }

  @AfterEach
  void restore() {
    Settings.override(null);
  }

  @Test
  void purgeStripsTicketsThatLeftTheReportAndTheyAreNotRedoneWhenTheyReturn() throws Exception {
    String url = postgres.newDatabase();
    try (Scenario s =
        new Scenario(
                Scenario.sandbox(4, 11).build().start(),
                url,
                TicketRun.DEFAULT_MAX_RUNS_BEFORE_PARK)
            .start()) {
      ReportPoller poller = s.poller(StandardPipeline.get(), false);
      Scenario.round(poller);
      List<Integer> tickets = s.sandbox.reportTickets();
      int gone = tickets.get(0);
      int staying = tickets.get(1);
      assertThat(text(url, gone)).isNotBlank();

      s.sandbox.reportTickets(tickets.subList(1, tickets.size()));
      Scenario.round(poller);
      try (Connection c = DriverManager.getConnection(url);
          Statement st = c.createStatement()) {
        st.execute(
            "UPDATE meta.daemon_action_log SET executed_at = executed_at - interval '40 days',"
                + " completed_at = completed_at - interval '40 days'");
        st.execute(
            "UPDATE meta.tqd_report_sighting SET last_seen_at = last_seen_at - interval '40"
                + " days' WHERE ticket_id = "
                + gone);
        st.execute(
            "UPDATE meta.tqd_retention_state SET sightings_since = sightings_since - interval"
                + " '40 days'");
      }
      String stayingBefore = text(url, staying);

      StringWriter out = new StringWriter();
      Settings.override(Settings.of(Map.of("DATABASE_URL", url)));
      int status =
          Main.execute(
              new String[] {"ledger", "purge", "--older-than", "30"},
              new PrintWriter(out, true),
              new PrintWriter(new StringWriter(), true));

      assertThat(status).isZero();
      assertThat(out.toString()).contains("of 1 ticket(s)");
      assertThat(text(url, gone)).doesNotContain("Added").doesNotContain("message");
      assertThat(text(url, staying)).isEqualTo(stayingBefore);

      // back in the report: the ledger still says done, so nothing is written again
      s.sandbox.reportTickets(tickets);
      s.sandbox.resetCalls();
      Scenario.round(poller);
      assertThat(s.writeCalls()).isEmpty();
    }
  }

  /** A ticket's summaries, error messages and metadata in the ledger, as one text. */
  private static String text(String url, int ticket) throws SQLException {
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT string_agg(coalesce(summary, '') || coalesce(error_message, '') ||"
                    + " coalesce(metadata - 'purged_at' - 'summarized_at', '{}')::text, '|'"
                    + " ORDER BY action_id) FROM meta.daemon_action_log WHERE ticket_id = "
                    + ticket)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
