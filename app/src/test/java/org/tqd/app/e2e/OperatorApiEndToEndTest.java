package org.tqd.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tqd.activities.ledger.ActionState;
import org.tqd.activities.ledger.ActionStatus;
import org.tqd.app.commands.ConsoleCommand;
import org.tqd.console.ConsoleServer;
import org.tqd.console.ConsoleSettings;
import org.tqd.console.auth.Authenticator;
import org.tqd.console.auth.Role;
import org.tqd.console.auth.TokenStore;
import org.tqd.sandbox.TicketState;
import org.tqd.tdx.model.FeedPost;
import org.tqd.workflows.action.ActionSpec;
import org.tqd.workflows.action.ActionSpecs;
import org.tqd.workflows.action.Pipeline;
import org.tqd.workflows.pipeline.PipelineDefinition;

/**
 * The operator API over HTTP, with real parts: the TDX sandbox, PostgreSQL, Temporal's test server
 * and a worker (the setup of {@link Scenario}), and the console's HTTP server on a free port.
 * Covers 401, 403 (the structured body), a plan that writes nothing, a run, a failed run, an undo
 * that restores assets, status and the responsible group and withdraws comments, an undo whose
 * status inverse conflicts with a person's change, a redo after an undo, and the audit rows.
 */
class OperatorApiEndToEndTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int NEW_STATUS = 622;
  private static final int NEW_GROUP = 1104;

  private static E2ePostgres postgres;
  private static Scenario scenario;
  private static ConsoleServer console;
  private static String base;
  private static String viewer;
  private static String operator;
  private static String admin;
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ActionSpec ASSETS = ActionSpecs.create("add_asset", Map.of());
  private static final ActionSpec NOTE =
      ActionSpecs.create("comment", Map.of("comment_text", "A technician will call you today."));
  private static final ActionSpec STATUS =
      ActionSpecs.create("change_status", Map.of("new_status_id", NEW_STATUS));
  private static final ActionSpec ASSIGN =
      ActionSpecs.create("assign", Map.of("responsible_group_id", NEW_GROUP));
  private static final ActionSpec SUMMARY = ActionSpecs.create("summary_comment", Map.of());

  @BeforeAll
  static void start() throws Exception {
    postgres = E2ePostgres.start();
    scenario =
        new Scenario(Scenario.sandbox(30, 21).build().start(), postgres.newDatabase(), 3).start();
    TokenStore tokens = new TokenStore(scenario.services.database().jdbi());
    viewer = tokens.create("desk-viewer", Role.VIEWER, "test").token();
    operator = tokens.create("desk-operator", Role.OPERATOR, "test").token();
    admin = tokens.create("desk-admin", Role.ADMIN, "test").token();
    Pipeline pipeline = Pipeline.of(List.of(ASSETS, NOTE, STATUS, ASSIGN, SUMMARY));
    PipelineDefinition def =
        new PipelineDefinition(scenario.sandbox.reportId(), 3, pipeline, "test");
    ConsoleSettings settings = new ConsoleSettings("127.0.0.1", 0, List.of(), "default");
    Authenticator auth = new Authenticator(tokens, null, Clock.systemUTC());
    console =
        new ConsoleServer(
            settings,
            List.of(ConsoleCommand.operatorApi(scenario.services, settings, auth, List.of(def))));
    base = "http://127.0.0.1:" + console.start();
    candidates = findCandidates();
  }

  @AfterAll
  static void stop() throws IOException {
    if (console != null) {
      console.close();
    }
    if (scenario != null) {
      scenario.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  record Answer(int status, JsonNode body) {}

  private static Answer call(String method, String path, String token, String body)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), JSON.readTree(r.body()));
  }

  private static List<Integer> candidates;

  private static List<Integer> candidates() {
    return candidates;
  }

  /** Report tickets whose status and group the pipeline changes, with assets to find. */
  private static List<Integer> findCandidates() {
    List<Integer> out = new ArrayList<>();
    for (int id : scenario.sandbox.reportTickets()) {
      TicketState s = scenario.sandbox.state(id);
      if (s.statusId() != NEW_STATUS
          && s.responsibleGroupId() != NEW_GROUP
          && !scenario.sandbox.truth(id).expectedAssetIds().isEmpty()) {
        out.add(id);
      }
    }
    assertThat(out).hasSizeGreaterThanOrEqualTo(5);
    return out;
  }

  @Test
  void noOrAnUnknownCredentialIs401() throws Exception {
    Answer none = call("GET", "/api/v1/queues", null, null);
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.body().at("/error/code").asText()).isEqualTo("UNAUTHENTICATED");
    assertThat(none.body().at("/error/message").asText()).isNotBlank();

    Answer bad =
        call("POST", "/api/v1/tickets/1/run", "tqd_not-a-real-token", "{\"reason\":\"x\"}");
    assertThat(bad.status()).isEqualTo(401);
    assertThat(bad.body().at("/error/code").asText()).isEqualTo("UNAUTHENTICATED");
    assertThat(bad.body().toString()).doesNotContain("not-a-real-token");
  }

  @Test
  void aRoleWithoutThePermissionIs403WithTheStructuredBody() throws Exception {
    int ticket = candidates().get(0);
    Answer run = call("POST", "/api/v1/tickets/" + ticket + "/run", viewer, "{\"reason\":\"x\"}");
    assertThat(run.status()).isEqualTo(403);
    JsonNode e = run.body().get("error");
    assertThat(e.get("code").asText()).isEqualTo("INSUFFICIENT_PERMISSIONS");
    assertThat(e.get("required_permission").asText()).isEqualTo("actions:run");
    assertThat(e.get("user_role").asText()).isEqualTo("viewer");
    assertThat(e.get("message").asText()).isNotBlank();

    Answer undo =
        call("POST", "/api/v1/tickets/" + ticket + "/undo", operator, "{\"reason\":\"x\"}");
    assertThat(undo.status()).isEqualTo(403);
    assertThat(undo.body().at("/error/required_permission").asText()).isEqualTo("actions:undo");
    assertThat(undo.body().at("/error/user_role").asText()).isEqualTo("operator");

    Answer pause = call("POST", "/api/v1/pause", operator, "{\"reason\":\"x\"}");
    assertThat(pause.status()).isEqualTo(403);
    assertThat(pause.body().at("/error/required_permission").asText()).isEqualTo("actions:pause");
  }

  @Test
  void aWriteWithoutAReasonIsRefusedAndNothingIsRecorded() throws Exception {
    int ticket = candidates().get(0);
    Answer a = call("POST", "/api/v1/tickets/" + ticket + "/run", operator, "{}");
    assertThat(a.status()).isEqualTo(400);
    assertThat(a.body().at("/error/code").asText()).isEqualTo("INVALID_REQUEST");
    assertThat(a.body().at("/error/message").asText()).contains("reason");
    Answer bad = call("POST", "/api/v1/tickets/abc/run", operator, "{\"reason\":\"x\"}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(
            call("GET", "/api/v1/audit?ticket=" + ticket + "&type=run", viewer, null)
                .body()
                .get("entries"))
        .allMatch(n -> !n.get("reason").isNull());
  }

  @Test
  void aPlanShowsTheActionsAndWritesNothing() throws Exception {
    int ticket = candidates().get(1);
    TicketState before = scenario.sandbox.state(ticket);
    Answer plan =
        call("POST", "/api/v1/tickets/" + ticket + "/plan", operator, "{\"reason\":\"check\"}");
    assertThat(plan.status()).isEqualTo(200);
    assertThat(plan.body().get("status").asText()).isEqualTo("completed");
    assertThat(plan.body().get("actions")).hasSize(5);
    assertThat(plan.body().get("actions"))
        .allMatch(a -> a.get("outcome").asText().equals("planned"));
    assertThat(plan.body().toString()).contains("A technician will call you today.");
    TicketState after = scenario.sandbox.state(ticket);
    assertThat(after.feed()).hasSameSizeAs(before.feed());
    assertThat(after.statusId()).isEqualTo(before.statusId());
    assertThat(scenario.services.ledger().history(ticket)).isEmpty();
  }

  @Test
  void runThenUndoRestoresAssetsStatusAndGroupAndWithdrawsTheComment() throws Exception {
    int ticket = candidates().get(2);
    TicketState before = scenario.sandbox.state(ticket);

    Answer run =
        call("POST", "/api/v1/tickets/" + ticket + "/run", operator, "{\"reason\":\"INC-1 run\"}");
    assertThat(run.status()).as(run.body().toString()).isEqualTo(200);
    assertThat(run.body().get("status").asText()).isEqualTo("completed");
    TicketState ran = scenario.sandbox.state(ticket);
    assertThat(ran.statusId()).isEqualTo(NEW_STATUS);
    assertThat(ran.responsibleGroupId()).isEqualTo(NEW_GROUP);
    assertThat(ran.assetIds()).containsAll(scenario.sandbox.truth(ticket).expectedAssetIds());
    assertThat(ran.feed().size()).isGreaterThan(before.feed().size());

    Answer undo =
        call(
            "POST", "/api/v1/tickets/" + ticket + "/undo", admin, "{\"reason\":\"INC-1 misfire\"}");
    assertThat(undo.status()).as(undo.body().toString()).isEqualTo(200);
    assertThat(undo.body().get("status").asText()).isEqualTo("completed");
    assertThat(undo.body().get("conflicts").asInt()).isZero();
    assertThat(undo.body().get("rolled_back").asInt()).isEqualTo(5);

    TicketState undone = scenario.sandbox.state(ticket);
    assertThat(undone.assetIds()).containsExactlyInAnyOrderElementsOf(before.assetIds());
    assertThat(undone.statusId()).isEqualTo(before.statusId());
    assertThat(undone.responsibleGroupId()).isEqualTo(before.responsibleGroupId());
    assertThat(undone.feed())
        .anyMatch(f -> f.body() != null && f.body().contains("Withdrawn: the automated comment"));
    for (ActionState row : scenario.services.ledger().history(ticket)) {
      assertThat(row.status()).isEqualTo(ActionStatus.ROLLED_BACK);
    }

    // A second undo finds nothing left to undo and writes nothing.
    int feed = undone.feed().size();
    Answer again =
        call("POST", "/api/v1/tickets/" + ticket + "/undo", admin, "{\"reason\":\"again\"}");
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.body().get("actions"))
        .allMatch(a -> a.get("outcome").asText().equals("already_rolled_back"));
    assertThat(scenario.sandbox.state(ticket).feed()).hasSize(feed);

    // The audit log has who and why, newest first.
    JsonNode entries =
        call("GET", "/api/v1/audit?ticket=" + ticket, viewer, null).body().get("entries");
    assertThat(entries.get(0).get("action_type").asText()).isEqualTo("undo");
    assertThat(entries.get(0).get("reason").asText()).isEqualTo("again");
    JsonNode first = entries.get(1);
    assertThat(first.get("actor").asText()).isEqualTo("desk-admin");
    assertThat(first.get("actor_role").asText()).isEqualTo("admin");
    assertThat(first.get("reason").asText()).isEqualTo("INC-1 misfire");
    assertThat(first.get("status").asText()).isEqualTo("completed");
    assertThat(first.get("scope").asText()).isEqualTo("ticket");
    JsonNode runRow = entries.get(2);
    assertThat(runRow.get("action_type").asText()).isEqualTo("run");
    assertThat(first.get("rollback_of").asLong()).isEqualTo(runRow.get("id").asLong());
    assertThat(runRow.get("status").asText()).isEqualTo("rolled_back");
    assertThat(runRow.get("can_rollback").asBoolean()).isTrue();
    assertThat(runRow.get("rolled_back_at").isNull()).isFalse();
    assertThat(runRow.get("actor").asText()).isEqualTo("desk-operator");
    assertThat(runRow.get("reason").asText()).isEqualTo("INC-1 run");
    assertThat(
            call("GET", "/api/v1/audit?actor=desk-admin&type=undo", viewer, null)
                .body()
                .get("entries"))
        .allMatch(n -> n.get("actor").asText().equals("desk-admin"));

    // A run by an operator redoes the rolled-back actions as a new generation.
    Answer redo =
        call("POST", "/api/v1/tickets/" + ticket + "/run", operator, "{\"reason\":\"redo\"}");
    assertThat(redo.status()).as(redo.body().toString()).isEqualTo(200);
    TicketState redone = scenario.sandbox.state(ticket);
    assertThat(redone.statusId()).isEqualTo(NEW_STATUS);
    assertThat(redone.assetIds()).containsAll(scenario.sandbox.truth(ticket).expectedAssetIds());
    assertThat(
            redone.feed().stream()
                .filter(f -> f.body() != null && f.body().contains("A technician will call"))
                .count())
        .isEqualTo(2);
    assertThat(
            redone.feed().stream()
                .filter(f -> f.body() != null && f.body().contains("Automated Actions Summary"))
                .count())
        .isEqualTo(2);
    assertThat(
            redone.feed().stream()
                .filter(f -> f.body() != null && f.body().contains("is withdrawn by an operator"))
                .count())
        .isEqualTo(2);

    // The ticket's timeline shows the actions with their states.
    JsonNode timeline = call("GET", "/api/v1/tickets/" + ticket, viewer, null).body();
    assertThat(timeline.get("actions")).hasSize(5);
    // Title and status come from the local ticket index (no TDX call): what it holds is shown.
    scenario
        .services
        .database()
        .jdbi()
        .useHandle(
            h ->
                h.createUpdate(
                        "INSERT INTO meta.tqd_ticket_index (ticket_id, title, status_id, status_name)"
                            + " VALUES (:id, :title, 115, 'New') ON CONFLICT (ticket_id) DO UPDATE"
                            + " SET title = :title, status_id = 115, status_name = 'New'")
                    .bind("id", ticket)
                    .bind("title", "Laptop <b>broken</b>")
                    .execute());
    JsonNode indexed = call("GET", "/api/v1/tickets/" + ticket, viewer, null).body();
    assertThat(indexed.get("title").asText()).isEqualTo("Laptop <b>broken</b>");
    assertThat(indexed.get("status_id").asInt()).isEqualTo(115);
    assertThat(indexed.get("status_name").asText()).isEqualTo("New");
    assertThat(timeline.get("actions")).allMatch(a -> a.get("state").asText().equals("completed"));
    assertThat(timeline.get("actions")).allMatch(a -> a.get("generation").asInt() == 2);
  }

  @Test
  void anUndoLeavesAStatusAPersonChangedAndReportsAConflict() throws Exception {
    int ticket = candidates().get(3);
    TicketState before = scenario.sandbox.state(ticket);
    assertThat(
            call("POST", "/api/v1/tickets/" + ticket + "/run", operator, "{\"reason\":\"r\"}")
                .status())
        .isEqualTo(200);
    // A person sets another status in TDX after tqd.
    int personStatus = 620;
    scenario
        .services
        .tdxForCommands()
        .postFeed(
            ticket,
            new FeedPost(personStatus, false, "Working on it", List.of(), true, false, false));

    Answer undo =
        call(
            "POST",
            "/api/v1/tickets/" + ticket + "/undo",
            admin,
            "{\"reason\":\"misfire\",\"wait_seconds\":120}");
    assertThat(undo.status()).as(undo.body().toString()).isEqualTo(200);
    assertThat(undo.body().get("conflicts").asInt()).isEqualTo(1);
    JsonNode status = null;
    for (JsonNode a : undo.body().get("actions")) {
      if (a.get("action_id").asText().equals(STATUS.actionId())) {
        status = a;
      }
    }
    assertThat(status).isNotNull();
    assertThat(status.get("outcome").asText()).isEqualTo("conflict");
    TicketState after = scenario.sandbox.state(ticket);
    assertThat(after.statusId()).isEqualTo(personStatus);
    assertThat(after.assetIds()).containsExactlyInAnyOrderElementsOf(before.assetIds());
    assertThat(after.responsibleGroupId()).isEqualTo(before.responsibleGroupId());
    ActionState statusRow =
        scenario
            .services
            .ledger()
            .loadStates(ticket, List.of(STATUS.actionId()))
            .get(STATUS.actionId());
    assertThat(statusRow.status()).isEqualTo(ActionStatus.COMPLETED);
    assertThat(statusRow.metadata().get("undo").toString()).contains("conflict");
  }

  @Test
  void aRunThatFailsIsAnsweredAndAuditedAsFailed() throws Exception {
    Answer run =
        call("POST", "/api/v1/tickets/99999999/run", operator, "{\"reason\":\"no such ticket\"}");
    assertThat(run.status()).as(run.body().toString()).isEqualTo(200);
    assertThat(run.body().get("status").asText()).isEqualTo("failed");
    assertThat(run.body().get("succeeded").asBoolean()).isFalse();
    JsonNode row =
        call("GET", "/api/v1/audit?ticket=99999999", viewer, null).body().get("entries").get(0);
    assertThat(row.get("status").asText()).isEqualTo("failed");
    assertThat(row.get("error_message").asText()).isNotBlank();
  }

  @Test
  void aRunThatOutlastsItsWaitIsAnswered202AndItsAuditRowCompletesLater() throws Exception {
    int ticket = candidates().get(0);
    Answer run =
        call(
            "POST",
            "/api/v1/tickets/" + ticket + "/run",
            operator,
            "{\"reason\":\"async\",\"wait_seconds\":0}");
    assertThat(run.status()).as(run.body().toString()).isEqualTo(202);
    assertThat(run.body().get("status").asText()).isEqualTo("in_progress");
    long auditId = run.body().get("audit_id").asLong();
    assertThat(run.body().get("workflow_id").asText()).startsWith("tqd:" + ticket + ":");
    String status = null;
    for (int i = 0; i < 300 && !"completed".equals(status); i++) {
      Thread.sleep(200);
      for (JsonNode e :
          call("GET", "/api/v1/audit?ticket=" + ticket, viewer, null).body().get("entries")) {
        if (e.get("id").asLong() == auditId) {
          status = e.get("status").asText();
        }
      }
    }
    assertThat(status).isEqualTo("completed");
    assertThat(scenario.sandbox.state(ticket).statusId()).isEqualTo(NEW_STATUS);
  }

  @Test
  void aRunningTicketCannotBeUndoneAndIsCancelled() throws Exception {
    int ticket = candidates().get(4);
    scenario.sandbox.faults().latencyMillis(1500);
    try {
      Answer run =
          call(
              "POST",
              "/api/v1/tickets/" + ticket + "/run",
              operator,
              "{\"reason\":\"slow\",\"wait_seconds\":0}");
      assertThat(run.status()).isEqualTo(202);
      Answer undo =
          call("POST", "/api/v1/tickets/" + ticket + "/undo", admin, "{\"reason\":\"x\"}");
      assertThat(undo.status()).as(undo.body().toString()).isEqualTo(409);
      assertThat(undo.body().at("/error/code").asText()).isEqualTo("CONFLICT");
      assertThat(undo.body().at("/error/message").asText()).contains("is running");
      Answer again =
          call("POST", "/api/v1/tickets/" + ticket + "/run", operator, "{\"reason\":\"x\"}");
      assertThat(again.status()).isEqualTo(409);
      Answer cancel =
          call("POST", "/api/v1/tickets/" + ticket + "/cancel", operator, "{\"reason\":\"stop\"}");
      assertThat(cancel.status()).as(cancel.body().toString()).isEqualTo(200);
      assertThat(cancel.body().get("cancellation_requested").asBoolean()).isTrue();
    } finally {
      scenario.sandbox.faults().latencyMillis(0);
    }
    JsonNode rows =
        call("GET", "/api/v1/audit?ticket=" + ticket + "&type=undo", viewer, null)
            .body()
            .get("entries");
    assertThat(rows.get(0).get("status").asText()).isEqualTo("failed");
    assertThat(rows.get(0).get("error_message").asText()).contains("is running");
  }

  @Test
  void requestsAndManualActionsAreCountedOnTheMetrics() throws Exception {
    int ticket = candidates().get(0);
    call("POST", "/api/v1/tickets/" + ticket + "/plan", operator, "{\"reason\":\"m\"}");
    call("GET", "/api/v1/queues", null, null);
    String scrape = scenario.services.registry().scrape();
    assertThat(scrape)
        .containsPattern(
            "tqd_api_requests_total\\{[^}]*endpoint=\"plan\"[^}]*role=\"operator\"[^}]*status=\"200\"")
        .containsPattern("tqd_api_requests_total\\{[^}]*role=\"none\"[^}]*status=\"401\"")
        .containsPattern(
            "tqd_manual_actions_total\\{[^}]*outcome=\"completed\"[^}]*role=\"operator\"[^}]*type=\"plan\"");
  }

  @Test
  void queuesCountTheTicketsOfEachPipeline() throws Exception {
    Answer q = call("GET", "/api/v1/queues", viewer, null);
    assertThat(q.status()).isEqualTo(200);
    JsonNode queue = q.body().get("queues").get(0);
    assertThat(queue.has("tickets_in_report")).isTrue();
    assertThat(queue.has("paused")).isTrue();
    for (String f : List.of("done", "running", "failed", "parked", "not_applicable")) {
      assertThat(queue.get(f).isNumber()).as(f).isTrue();
    }
  }

  @Test
  void anAdminPausesAndResumesEverythingAndTheQueuesShowIt() throws Exception {
    try {
      Answer pause = call("POST", "/api/v1/pause", admin, "{\"reason\":\"TDX maintenance\"}");
      assertThat(pause.status()).as(pause.body().toString()).isEqualTo(200);
      assertThat(pause.body().get("scope").asText()).isEqualTo("global");
      assertThat(
              call("GET", "/api/v1/queues", viewer, null).body().at("/queues/0/paused").asBoolean())
          .isTrue();
      assertThat(scenario.services.pauseSwitch().isPaused(null)).isTrue();
    } finally {
      Answer resume = call("POST", "/api/v1/resume", admin, "{\"reason\":\"done\"}");
      assertThat(resume.status()).isEqualTo(200);
    }
    assertThat(
            call("GET", "/api/v1/queues", viewer, null).body().at("/queues/0/paused").asBoolean())
        .isFalse();
    JsonNode row = call("GET", "/api/v1/audit?type=pause", viewer, null).body().at("/entries/0");
    assertThat(row.get("actor").asText()).isEqualTo("desk-admin");
    assertThat(row.get("reason").asText()).isEqualTo("TDX maintenance");
    assertThat(row.get("scope").asText()).isEqualTo("global");
    assertThat(row.get("status").asText()).isEqualTo("completed");
  }

  @Test
  void anUnnamedPipelineCannotBePausedAlone() throws Exception {
    Answer a = call("POST", "/api/v1/pause", admin, "{\"reason\":\"x\",\"pipeline\":\"nope\"}");
    assertThat(a.status()).isEqualTo(400);
    assertThat(a.body().at("/error/message").asText()).contains("unknown pipeline 'nope'");
  }
}
