package org.tqd.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tqd.activities.ledger.AuditLog;
import org.tqd.activities.ledger.Database;
import org.tqd.activities.ledger.DatabaseUrl;
import org.tqd.app.Main;
import org.tqd.app.Settings;
import org.tqd.sandbox.TdxSandbox;
import org.tqd.sandbox.TicketState;

/**
 * The operator commands as run: {@code tqd status}, {@code tqd undo}, {@code --json}, the man page,
 * shell completion, {@code --version}, suggestions for a mistyped command, and the audit rows the
 * commands write (actor: the OS user). {@code retry} and {@code undo} run against the TDX sandbox
 * with the command's own embedded Temporal test server and worker, and a real PostgreSQL.
 */
class OperatorCommandsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static E2ePostgres postgres;
  private static String databaseUrl;
  private static TdxSandbox sandbox;

  @TempDir Path dir;

  private StringWriter out = new StringWriter();
  private StringWriter err = new StringWriter();

  @BeforeAll
  static void start() throws Exception {
    postgres = E2ePostgres.start();
    databaseUrl = postgres.newDatabase();
    sandbox = Scenario.sandbox(20, 33).build().start();
  }

  @AfterAll
  static void stop() throws IOException {
    if (sandbox != null) {
      sandbox.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @AfterEach
  void restore() {
    Settings.override(null);
  }

  private int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    Map<String, String> env = new HashMap<>();
    env.put("DATABASE_URL", databaseUrl);
    env.put("HOME", dir.toString());
    env.put("TDX_BASE_URL", sandbox.baseUrl());
    env.put("TDX_BEID", sandbox.beid().toString());
    env.put("TDX_WEB_SERVICES_KEY", sandbox.webServicesKey().toString());
    env.put("TDX_TICKET_APP_ID", Integer.toString(sandbox.ticketAppId()));
    env.put("TDX_APP_ID", Integer.toString(sandbox.assetAppId()));
    env.put("TQD_METRICS_PORT", "-1");
    env.put("TQD_CODEC_KEYS_FILE", Scenario.testKeysFile());
    Settings.override(Settings.of(env));
    return Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  private static List<AuditLog.Record> audit(String type) {
    try (Database db = Database.connect(DatabaseUrl.parse(databaseUrl))) {
      Jdbi jdbi = db.jdbi();
      return new AuditLog(jdbi).page(null, null, type, 1);
    }
  }

  @Test
  void versionIsTheProjectVersion() {
    assertThat(run("--version")).isZero();
    assertThat(out.toString().strip())
        .matches("tqd \\d+\\.\\d+\\.\\d+.*")
        .doesNotContain("development");
  }

  @Test
  void aMistypedCommandGetsASuggestion() {
    assertThat(run("stauts")).isEqualTo(2);
    assertThat(err.toString()).contains("Did you mean").contains("status");
  }

  @Test
  void theManPageAndTheCompletionScriptAreGenerated() throws IOException {
    assertThat(run("man")).isZero();
    assertThat(out.toString())
        .startsWith(".TH TQD 1")
        .contains("tqd undo", "tqd status", "--reason");
    Path page = dir.resolve("man1/tqd.1");
    assertThat(run("man", "--output", page.toString())).isZero();
    assertThat(Files.readString(page)).startsWith(".TH TQD 1");
    assertThat(run("generate-completion")).isZero();
    assertThat(out.toString()).contains("complete").contains("undo").contains("status");
  }

  @Test
  void undoNeedsAReason() {
    assertThat(run("undo", "5")).isEqualTo(2);
    assertThat(err.toString()).contains("--reason");
  }

  @Test
  void retryThenUndoFromTheShellRestoresTheTicketAndIsAudited() throws Exception {
    int ticket =
        sandbox.reportTickets().stream()
            .filter(id -> sandbox.state(id).statusId() != 622)
            .findFirst()
            .orElseThrow();
    Path pipeline = dir.resolve("pipeline.yaml");
    Files.writeString(
        pipeline,
        """
        actions:
          - type: comment
            params:
              comment_text: "We are looking into it."
          - type: change_status
            params:
              new_status_id: 622
        """);
    TicketState before = sandbox.state(ticket);
    assertThat(
            run(
                "retry",
                Integer.toString(ticket),
                "--pipeline",
                pipeline.toString(),
                "--reason",
                "first run"))
        .as(out + "" + err)
        .isZero();
    assertThat(sandbox.state(ticket).statusId()).isEqualTo(622);

    assertThat(run("ledger", "ticket", Integer.toString(ticket), "--json")).isZero();
    JsonNode rows = JSON.readTree(out.toString()).get("actions");
    assertThat(rows).hasSize(2).allMatch(r -> r.get("status").asText().equals("completed"));
    assertThat(rows).allMatch(r -> r.at("/metadata/inverse").isArray());

    assertThat(
            run(
                "undo",
                Integer.toString(ticket),
                "--pipeline",
                pipeline.toString(),
                "--reason",
                "wrong queue",
                "--json"))
        .as(out + "" + err)
        .isZero();
    JsonNode undo = JSON.readTree(out.toString());
    assertThat(undo.get("rolled_back").asInt()).isEqualTo(2);
    TicketState after = sandbox.state(ticket);
    assertThat(after.statusId()).isEqualTo(before.statusId());
    assertThat(after.feed())
        .anyMatch(f -> f.body() != null && f.body().contains("is withdrawn by an operator"));

    String me = System.getProperty("user.name");
    AuditLog.Record undoRow = audit("undo").get(0);
    assertThat(undoRow.actor()).isEqualTo(me);
    assertThat(undoRow.source()).isEqualTo("cli");
    assertThat(undoRow.reason()).isEqualTo("wrong queue");
    assertThat(undoRow.status()).isEqualTo(AuditLog.Status.COMPLETED);
    AuditLog.Record retryRow = audit("retry").get(0);
    assertThat(retryRow.ticketId()).isEqualTo(ticket);
    assertThat(retryRow.reason()).isEqualTo("first run");
    assertThat(retryRow.status()).isEqualTo(AuditLog.Status.COMPLETED);

    assertThat(run("status", "--pipeline", pipeline.toString(), "--json")).isZero();
    JsonNode queue = JSON.readTree(out.toString()).at("/queues/0");
    assertThat(queue.get("rolled_back").asLong()).isEqualTo(1);
    assertThat(run("status", "--pipeline", pipeline.toString())).isZero();
    assertThat(out.toString()).contains("pipeline", "done", "paused");

    assertThat(run("ledger", "stats", "--json")).isZero();
    assertThat(JSON.readTree(out.toString()).at("/by_status/rolled_back").asLong()).isEqualTo(2);
    // A poll of the report, waited for, as JSON; the overview then has the poll.
    assertThat(
            run(
                "run",
                "--report-id",
                Integer.toString(sandbox.reportId()),
                "--pipeline",
                pipeline.toString(),
                "--wait",
                "--json"))
        .as(out + "" + err)
        .isIn(0, 1);
    JsonNode poll = JSON.readTree(out.toString());
    assertThat(poll.get("report_id").asInt()).isEqualTo(sandbox.reportId());
    assertThat(poll.get("tickets")).isNotEmpty();
    assertThat(poll.at("/tickets/0/actions")).hasSize(2);
    assertThat(run("status", "--pipeline", pipeline.toString(), "--json")).isZero();
    JsonNode polled = JSON.readTree(out.toString()).at("/queues/0");
    assertThat(polled.get("tickets_in_report").asInt()).isEqualTo(sandbox.reportTickets().size());
    assertThat(polled.get("last_poll").isNull()).isFalse();
    // the rolled-back ticket stays undone at polls
    assertThat(sandbox.state(ticket).statusId()).isEqualTo(before.statusId());
  }

  @Test
  void clearFailedPauseAndResumeAreAudited() {
    assertThat(run("ledger", "clear-failed", "--reason", "after the outage")).isZero();
    assertThat(run("pause", "--reason", "TDX upgrade")).isZero();
    assertThat(run("resume", "--reason", "upgrade done")).isZero();
    String me = System.getProperty("user.name");
    AuditLog.Record clear = audit("clear_failed").get(0);
    assertThat(clear.actor()).isEqualTo(me);
    assertThat(clear.reason()).isEqualTo("after the outage");
    assertThat(clear.status()).isEqualTo(AuditLog.Status.COMPLETED);
    assertThat(audit("pause").get(0).reason()).isEqualTo("TDX upgrade");
    assertThat(audit("pause").get(0).scope()).isEqualTo(AuditLog.Scope.GLOBAL);
    assertThat(audit("resume").get(0).status()).isEqualTo(AuditLog.Status.COMPLETED);
  }

  @Test
  void theConsoleCommandServesTheApiAndTheMetrics() throws Exception {
    int port;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    int p = port;
    Thread console =
        new Thread(() -> run("console", "--port", Integer.toString(p)), "console-under-test");
    console.setDaemon(true);
    console.start();
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    java.net.http.HttpResponse<String> queues = null;
    try {
      for (int i = 0; i < 300 && queues == null; i++) {
        try {
          queues =
              http.send(
                  java.net.http.HttpRequest.newBuilder(
                          java.net.URI.create("http://127.0.0.1:" + p + "/api/v1/queues"))
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString());
        } catch (java.net.ConnectException notYet) {
          Thread.sleep(100);
        }
      }
      assertThat(queues).isNotNull();
      assertThat(queues.statusCode()).isEqualTo(401);
      assertThat(JSON.readTree(queues.body()).at("/error/code").asText())
          .isEqualTo("UNAUTHENTICATED");
      java.net.http.HttpResponse<String> metrics =
          http.send(
              java.net.http.HttpRequest.newBuilder(
                      java.net.URI.create("http://127.0.0.1:" + p + "/metrics"))
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body()).contains("tqd_api_requests_total");
    } finally {
      console.interrupt();
      console.join(30_000);
    }
  }
}
