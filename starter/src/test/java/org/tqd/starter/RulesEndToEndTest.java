package org.tqd.starter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tqd.activities.actions.ActionActivitiesImpl;
import org.tqd.activities.actions.ActionJournal;
import org.tqd.activities.actions.ActionSettings;
import org.tqd.activities.actions.LedgerActivitiesImpl;
import org.tqd.activities.actions.TicketActivitiesImpl;
import org.tqd.activities.assets.SyncedAssetIndex;
import org.tqd.activities.ledger.ActionLedger;
import org.tqd.activities.ledger.ActionState;
import org.tqd.activities.ledger.ActionStatus;
import org.tqd.activities.ledger.AssetIndex;
import org.tqd.activities.ledger.Database;
import org.tqd.activities.notify.Notifications;
import org.tqd.sandbox.RateLimits;
import org.tqd.sandbox.TdxSandbox;
import org.tqd.starter.TicketOutcome.Status;
import org.tqd.tdx.TdxClient;
import org.tqd.tdx.TdxClientConfig;
import org.tqd.tdx.TdxCredentials;
import org.tqd.tdx.model.Ticket;
import org.tqd.workflows.TicketRun;
import org.tqd.workflows.TicketWorkflowImpl;
import org.tqd.workflows.action.ActionSpec;
import org.tqd.workflows.activities.TaskQueues;
import org.tqd.workflows.pipeline.PipelineDefinition;
import org.tqd.workflows.pipeline.PipelineLoader;

/**
 * The new actions end to end, everything real but the Temporal server (the SDK's test server): a
 * pipeline file with {@code update_fields}, a webhook {@code notify} and {@code log_event}, run by
 * the poller against the TDX sandbox over HTTP, a PostgreSQL ledger and a local HTTP receiver. A
 * dry run previews each write with its rendered text and sends nothing; the real poll gives the
 * receiver exactly one POST per ticket with both headers; the next poll writes nothing; a PATCH
 * whose answer is lost and a webhook that answers 502 are retried by Temporal without a second
 * PATCH and with the second POST flagged.
 */
class RulesEndToEndTest {

  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final String SECRET = "hook-secret";
  private static final ObjectMapper JSON = new ObjectMapper();

  private Database database;
  private TdxSandbox sandbox;
  private TdxClient tdx;
  private ActionLedger ledger;
  private TestWorkflowEnvironment env;
  private HttpServer receiver;
  private final ConcurrentLinkedQueue<Map<String, String>> posts = new ConcurrentLinkedQueue<>();
  private final AtomicInteger failNext = new AtomicInteger();
  private PipelineDefinition pipeline;

  @BeforeEach
  void start() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext(
        "/hook",
        x -> {
          String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          posts.add(
              Map.of(
                  "key", String.valueOf(x.getRequestHeaders().getFirst("Idempotency-Key")),
                  "signature", String.valueOf(x.getRequestHeaders().getFirst("X-Tqd-Signature")),
                  "body", body));
          int status = failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 502 : 200;
          x.sendResponseHeaders(status, 2);
          try (OutputStream out = x.getResponseBody()) {
            out.write("ok".getBytes(StandardCharsets.UTF_8));
          }
        });
    receiver.start();

    database = TestPostgres.newLedger();
    sandbox = TdxSandbox.builder().tickets(8).seed(21).rateLimits(RateLimits.off()).build().start();
    tdx =
        new TdxClient(
            TdxClientConfig.builder()
                .baseUrl(sandbox.baseUrl())
                .ticketAppId(sandbox.ticketAppId())
                .assetAppId(sandbox.assetAppId())
                .credentials(
                    new TdxCredentials.WebServicesKey(
                        sandbox.beid().toString(), sandbox.webServicesKey().toString()))
                .build());
    ledger = new ActionLedger(database.jdbi());
    SyncedAssetIndex index =
        new SyncedAssetIndex(
            tdx,
            new AssetIndex(database.jdbi()),
            SyncedAssetIndex.Options.defaults(),
            Clock.systemUTC());
    String hook =
        "http://"
            + receiver.getAddress().getHostString()
            + ":"
            + receiver.getAddress().getPort()
            + "/hook";

    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
    TicketSearchAttributes.ALL.forEach(env::registerSearchAttribute);
    Worker tickets = env.newWorker(TaskQueues.TICKETS);
    tickets.registerWorkflowImplementationTypes(TicketWorkflowImpl.class);
    tickets.registerActivitiesImplementations(
        new LedgerActivitiesImpl(ledger, TicketRun.DEFAULT_MAX_RUNS_BEFORE_PARK));
    env.newWorker(TaskQueues.TDX)
        .registerActivitiesImplementations(
            new TicketActivitiesImpl(tdx, Clock.systemUTC()),
            new ActionActivitiesImpl(
                tdx,
                ledger,
                new ActionJournal(database.jdbi()),
                index,
                null,
                ActionSettings.forTdx(sandbox.baseUrl(), sandbox.ticketAppId()),
                Clock.systemUTC(),
                TicketRun.DEFAULT_MAX_RUNS_BEFORE_PARK,
                Notifications.of(
                    Map.of("TQD_HOOK_URL", hook, "TQD_HOOK_SECRET", SECRET),
                    null,
                    Duration.ofMillis(10))));
    env.start();

    pipeline =
        PipelineLoader.parse(
            """
            report_id: %d
            actions:
              - type: update_fields
                params:
                  fields:
                    PriorityID: 4403
                  attributes:
                    Building: "Checked {{ticket.ID}}"
              - type: notify
                when:
                  field: Title
                  matches: "(?i)[a-z]"
                params:
                  channel: webhook
                  url_env: TQD_HOOK_URL
                  secret_env: TQD_HOOK_SECRET
                  max_attempts: 1
                  body: '{"ticket": {{ticket.ID}}, "title": "{{ticket.Title}}", "changed": "{{actions.update_fields.changed}}"}'
              - type: log_event
                params:
                  message: "ticket {{ticket.ID}} raised to high priority"
                  level: WARN
            """
                .formatted(sandbox.reportId()),
            "pipeline.yaml");
  }

  @AfterEach
  void stop() {
    env.close();
    sandbox.close();
    database.close();
    receiver.stop(0);
  }

  private ReportPoller poller(boolean dryRun) {
    return new ReportPoller(
        env.getWorkflowClient(),
        tdx,
        new LedgerWorkTracker(ledger),
        StarterOptions.newBuilder(sandbox.reportId(), pipeline.pipeline())
            .setDryRun(dryRun)
            .build(),
        () -> {},
        null);
  }

  private static String hmac(String body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
  }

  private Map<String, Long> calls() {
    Map<String, Long> calls = new TreeMap<>(sandbox.calls());
    calls.keySet().removeIf(k -> k.contains("auth"));
    calls.values().removeIf(n -> n == 0);
    return calls;
  }

  @Test
  void previewThenOnePostPerTicketThenNothing() throws Exception {
    List<Integer> ids = sandbox.reportTickets();
    ActionSpec notify = pipeline.pipeline().actions().get(1);

    ReportPoller dry = poller(true);
    List<TicketOutcome> preview = dry.awaitOutcomes(dry.pollOnce(), WAIT);
    dry.stop();
    String table = OutcomeTable.format(preview);
    assertThat(preview).as(table).allMatch(o -> o.status() == Status.SUCCEEDED);
    int first = ids.get(0);
    Ticket t = tdx.getTicket(first);
    assertThat(table)
        .contains("would PATCH tickets/" + first + " PriorityID: ")
        .contains("→ 4403")
        .contains("would PATCH tickets/" + first + " attribute 5001 (Building): ")
        .contains("→ \"Checked " + first + "\"")
        .contains("would notify webhook → webhook $TQD_HOOK_URL")
        .contains("\"title\": \"" + t.title().replace("\"", "\\\"") + "\"")
        .contains("would log WARN")
        .contains("notify: condition held: ");
    System.out.println(table);
    assertThat(posts).isEmpty();
    assertThat(calls()).doesNotContainKey("PATCH tickets/{id}");

    ReportPoller real = poller(false);
    List<TicketOutcome> outcomes = real.awaitOutcomes(real.pollOnce(), WAIT);
    assertThat(outcomes)
        .as(OutcomeTable.format(outcomes))
        .allMatch(o -> o.status() == Status.SUCCEEDED);
    assertThat(posts).hasSize(ids.size());
    for (Map<String, String> post : posts) {
      assertThat(post.get("signature")).isEqualTo(hmac(post.get("body")));
      JsonNode body = JSON.readTree(post.get("body"));
      int ticket = body.get("ticket").asInt();
      assertThat(post.get("key")).isEqualTo(ticket + ":" + notify.actionId());
      assertThat(body.get("changed").asText()).isIn("PriorityID, attribute:5001", "attribute:5001");
    }
    assertThat(posts.stream().map(p -> p.get("key")).distinct()).hasSize(ids.size());
    for (int id : ids) {
      assertThat(tdx.getTicket(id).otherFields().get("PriorityID")).isEqualTo(4403);
    }

    // The next poll: the ledger has every action done; no PATCH, no POST.
    sandbox.resetCalls();
    PollResult again = real.pollOnce();
    real.stop();
    assertThat(again.started()).isZero();
    assertThat(calls()).containsOnlyKeys("GET reports/{id}");
    assertThat(posts).hasSize(ids.size());
  }

  @Test
  void aLostPatchAnswerAndA502AreRetriedWithoutASecondPatchAndTheSecondPostFlagged() {
    List<Integer> ids = sandbox.reportTickets();
    sandbox.reportTickets(List.of(ids.get(0)));
    int id = ids.get(0);
    ActionSpec update = pipeline.pipeline().actions().get(0);
    ActionSpec notify = pipeline.pipeline().actions().get(1);
    // The PATCH takes effect, then its answer is a 500: the attempt dies between write and record.
    sandbox.faults().serverErrorAfterWriteShare(1.0).templates(Set.of("PATCH tickets/{id}"));
    failNext.set(1);
    Thread healer =
        new Thread(
            () -> {
              // Heal TDX once the first PATCH has gone through; Temporal's retry comes 2 s later.
              long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
              while (System.nanoTime() < deadline) {
                if (sandbox.calls().getOrDefault("PATCH tickets/{id}", 0L) > 0) {
                  sandbox.faults().reset();
                  return;
                }
                Thread.onSpinWait();
              }
            });
    healer.start();

    ReportPoller real = poller(false);
    List<TicketOutcome> outcomes = real.awaitOutcomes(real.pollOnce(), WAIT);
    real.stop();

    assertThat(outcomes).as(OutcomeTable.format(outcomes)).hasSize(1);
    assertThat(outcomes.get(0).status()).isEqualTo(Status.SUCCEEDED);
    assertThat(sandbox.calls().get("PATCH tickets/{id}")).isEqualTo(1L);
    assertThat(tdx.getTicket(id).otherFields().get("PriorityID")).isEqualTo(4403);
    assertThat(posts).hasSize(2);
    assertThat(posts.stream().map(p -> p.get("key")).distinct())
        .containsExactly(id + ":" + notify.actionId());
    Map<String, ActionState> rows =
        ledger.loadStates(id, List.of(update.actionId(), notify.actionId()));
    assertThat(rows.get(update.actionId()).metadata()).containsKey("inverse");
    assertThat(rows.get(update.actionId()).metadata()).doesNotContainKey("possibly_duplicate");
    assertThat(rows.get(notify.actionId()).metadata()).containsEntry("possibly_duplicate", true);
  }

  @Test
  void aPatchRefusedForOnePollIsDoneOnceAtTheNextAndTheNotificationIsNotSentAgain() {
    // Two tickets whose priority the update changes.
    List<Integer> ids =
        sandbox.reportTickets().stream()
            .filter(
                id ->
                    !Integer.valueOf(4403)
                        .equals(tdx.getTicket(id).otherFields().get("PriorityID")))
            .limit(2)
            .toList();
    assertThat(ids).hasSize(2);
    sandbox.reportTickets(ids);
    ActionSpec update = pipeline.pipeline().actions().get(0);
    ActionSpec notify = pipeline.pipeline().actions().get(1);
    // Poll 1: TDX answers 403 to every PATCH (the account may not edit tickets, for a while).
    sandbox.faults().forbiddenTemplates(Set.of("PATCH tickets/{id}"));
    ReportPoller first = poller(false);
    List<TicketOutcome> refused = first.awaitOutcomes(first.pollOnce(), WAIT);
    first.stop();
    assertThat(refused).as(OutcomeTable.format(refused)).hasSize(2);
    assertThat(refused).allMatch(o -> o.status() != Status.SUCCEEDED);
    for (int id : List.of(ids.get(0), ids.get(1))) {
      assertThat(tdx.getTicket(id).otherFields().get("PriorityID")).isNotEqualTo(4403);
      assertThat(ledger.loadStates(id, List.of(update.actionId())).get(update.actionId()).status())
          .isEqualTo(ActionStatus.FAILED);
    }
    // The notification does not depend on the update: one POST per ticket already.
    assertThat(posts).hasSize(2);

    // Poll 2: the refusal is lifted; the update is made once, nothing is sent again.
    sandbox.faults().forbiddenTemplates(Set.of());
    ReportPoller second = poller(false);
    List<TicketOutcome> done = second.awaitOutcomes(second.pollOnce(), WAIT);
    second.stop();
    assertThat(done).as(OutcomeTable.format(done)).hasSize(2);
    assertThat(done).allMatch(o -> o.status() == Status.SUCCEEDED);
    for (int id : List.of(ids.get(0), ids.get(1))) {
      assertThat(tdx.getTicket(id).otherFields().get("PriorityID")).isEqualTo(4403);
      Map<String, ActionState> rows =
          ledger.loadStates(id, List.of(update.actionId(), notify.actionId()));
      assertThat(rows.get(update.actionId()).status()).isEqualTo(ActionStatus.COMPLETED);
      assertThat(rows.get(notify.actionId()).metadata()).doesNotContainKey("possibly_duplicate");
    }
    assertThat(posts).hasSize(2);
    assertThat(posts.stream().map(p -> p.get("key")).distinct()).hasSize(2);

    // Poll 3: nothing left to do.
    long patches = sandbox.calls().getOrDefault("PATCH tickets/{id}", 0L);
    ReportPoller third = poller(false);
    third.awaitOutcomes(third.pollOnce(), WAIT);
    third.stop();
    assertThat(sandbox.calls().getOrDefault("PATCH tickets/{id}", 0L)).isEqualTo(patches);
    assertThat(posts).hasSize(2);
  }
}
