package org.tqd.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tqd.sandbox.TdxSandbox;

/**
 * {@code tqd check} against the TDX sandbox, Temporal's test server on a real port and an embedded
 * PostgreSQL: all pass, then each kind of failure with what to do about it.
 */
class CheckCommandTest {

  private static TdxSandbox sandbox;
  private static EmbeddedTemporal temporal;
  private static EmbeddedPostgres postgres;

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeAll
  static void start() throws IOException {
    sandbox = TdxSandbox.builder().tickets(5).seed(3).build().start();
    temporal = EmbeddedTemporal.start(0);
    postgres = EmbeddedPostgres.builder().start();
  }

  @AfterAll
  static void stop() throws IOException {
    sandbox.close();
    temporal.close();
    postgres.close();
  }

  @AfterEach
  void restore() {
    Settings.override(null);
    sandbox.faults().forbiddenTemplates(Set.of());
  }

  /** Settings that point at the three working parts. */
  private Map<String, String> ready() {
    Map<String, String> env = new HashMap<>();
    env.put("HOME", dir.toString());
    env.put("TDX_BASE_URL", sandbox.baseUrl());
    env.put("TDX_BEID", sandbox.beid().toString());
    env.put("TDX_WEB_SERVICES_KEY", sandbox.webServicesKey().toString());
    env.put("TDX_APP_ID", Integer.toString(sandbox.assetAppId()));
    env.put("TDX_TICKET_APP_ID", Integer.toString(sandbox.ticketAppId()));
    env.put("DAEMON_REPORT_ID", Integer.toString(sandbox.reportId()));
    env.put("DATABASE_URL", postgres.getJdbcUrl("postgres", "postgres"));
    env.put("TEMPORAL_ADDRESS", temporal.address());
    env.put("TEMPORAL_NAMESPACE", "default");
    return env;
  }

  private int check(Map<String, String> env, String... args) {
    Settings.override(Settings.of(env));
    String[] all = new String[args.length + 1];
    all[0] = "check";
    System.arraycopy(args, 0, all, 1, args.length);
    return Main.execute(all, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void everyCheckPassesAgainstWorkingParts() {
    int status = check(ready());
    String text = out.toString();
    assertThat(status).as(text + err).isZero();
    assertThat(text)
        .contains("PASS  TDX settings: " + sandbox.baseUrl())
        .contains("PASS  TDX credentials: logged in")
        .contains("PASS  TDX report " + sandbox.reportId() + ": '")
        .contains("PASS  report column TicketID: present; every row has a ticket ID")
        .contains("PASS  report status column: StatusName")
        .contains("PASS  TDX rate-limit headers: GET reports/{id}: limit 30")
        .contains("PASS  ticket statuses: 115 ")
        .contains("PASS  asset form and statuses: assets exist with assets app 48, form [2448")
        .contains("PASS  PostgreSQL ledger: PostgreSQL 16.")
        .contains("PASS  Temporal frontend: answers at " + temporal.address())
        .contains("PASS  Temporal namespace default: registered")
        .contains("PASS  Temporal search attributes: TicketId, ReportId, PipelineId registered")
        .contains("0 failed, 0 skipped: ready")
        .doesNotContain(sandbox.webServicesKey().toString());
  }

  @Test
  void aWrongKeyFailsTheLoginAndSaysWhatToCheck() {
    Map<String, String> env = ready();
    env.put("TDX_WEB_SERVICES_KEY", UUID.randomUUID().toString());
    assertThat(check(env)).isEqualTo(1);
    assertThat(out.toString())
        .contains("FAIL  TDX credentials: TDX refused the login")
        .contains("fix: check TDX_BEID and TDX_WEB_SERVICES_KEY")
        .contains("SKIP  TDX report " + sandbox.reportId() + ": not checked: TDX credentials")
        // The other parts are still checked, so one run lists every problem.
        .contains("PASS  PostgreSQL ledger")
        .contains("PASS  Temporal namespace default")
        .contains("not ready");
  }

  @Test
  void aMissingReportAndAnUnsharedOneAreNamed() {
    assertThat(check(ready(), "--report-id", "999999")).isEqualTo(1);
    assertThat(out.toString())
        .contains("FAIL  TDX report 999999: TDX has no report 999999 for this account")
        .contains("fix: check DAEMON_REPORT_ID (or --report-id)")
        .contains("SKIP  report columns");

    sandbox.faults().forbiddenTemplates(Set.of("GET reports/{id}"));
    StringWriter before = new StringWriter();
    before.write(out.toString());
    assertThat(check(ready())).isEqualTo(1);
    assertThat(out.toString().substring(before.toString().length()))
        .contains("FAIL  TDX report " + sandbox.reportId() + ": the report is not shared")
        .contains("fix: share report " + sandbox.reportId() + " with the API account");
  }

  @Test
  void aReportWithoutTheTicketColumnIsRefused() {
    assertThat(check(ready(), "--ticket-column", "TicketNumber")).isEqualTo(1);
    assertThat(out.toString())
        .contains("FAIL  report column TicketNumber: the report has no column TicketNumber")
        .contains("--ticket-column");
  }

  @Test
  void pipelineIdsTdxDoesNotKnowAreNamedWithTheirParameter() throws IOException {
    Path pipeline = dir.resolve("pipeline.yaml");
    Files.writeString(
        pipeline,
        """
        actions:
          - type: change_status
            params: { new_status_id: 4242 }
          - type: add_asset
            params: { computer_form_id: 777 }
        """);
    assertThat(check(ready(), "--pipeline", pipeline.toString())).as(err.toString()).isEqualTo(1);
    assertThat(out.toString())
        .contains("FAIL  ticket statuses: not active statuses of tickets app 46: [4242")
        .contains("change_status.new_status_id")
        .contains("FAIL  asset form and statuses: no asset matches assets app 48, form [777")
        .contains("add_asset would never find a computer");
  }

  @Test
  void closedPortsFailEachPartWithItsFix() throws IOException {
    Map<String, String> env = ready();
    env.put("TDX_BASE_URL", "http://127.0.0.1:" + closedPort() + "/TDWebApi/api");
    env.put("DATABASE_URL", "postgresql://tqd:secret-pw@127.0.0.1:" + closedPort() + "/tqd");
    env.put("TEMPORAL_ADDRESS", "127.0.0.1:" + closedPort());
    assertThat(check(env)).isEqualTo(1);
    assertThat(out.toString())
        .contains("FAIL  TDX credentials: cannot log in to TDX")
        .contains("fix: check TDX_BASE_URL")
        .contains("FAIL  PostgreSQL ledger: ")
        .contains("fix: start PostgreSQL or correct DATABASE_URL")
        .contains("FAIL  Temporal frontend: cannot reach Temporal at 127.0.0.1:")
        .contains("SKIP  Temporal namespace")
        .contains("3 failed")
        .doesNotContain("secret-pw");
  }

  @Test
  void unsetAddressesAreFailuresNotDevelopmentDefaults() {
    Map<String, String> env = ready();
    env.remove("DATABASE_URL");
    env.remove("TEMPORAL_ADDRESS");
    assertThat(check(env)).isEqualTo(1);
    assertThat(out.toString())
        .contains("FAIL  PostgreSQL ledger: DATABASE_URL is not set")
        .contains("FAIL  Temporal settings: no TEMPORAL_ADDRESS");
  }

  @Test
  void badArgumentsExitWithTwo() {
    assertThat(check(ready(), "--bogus")).isEqualTo(2);
    assertThat(check(ready(), "--report-id", "0")).isEqualTo(2);
    Map<String, String> env = ready();
    env.remove("DAEMON_REPORT_ID");
    assertThat(check(env)).isEqualTo(2);
    assertThat(err.toString()).contains("Use --report-id or set DAEMON_REPORT_ID");
  }
}
