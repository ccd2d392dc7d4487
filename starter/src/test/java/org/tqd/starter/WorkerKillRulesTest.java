package org.tqd.starter;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
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
import org.tqd.activities.ledger.AssetIndex;
import org.tqd.activities.ledger.Database;
import org.tqd.activities.notify.Notifications;
import org.tqd.sandbox.RateLimits;
import org.tqd.sandbox.TdxSandbox;
import org.tqd.starter.TicketOutcome.Status;
import org.tqd.tdx.TdxClient;
import org.tqd.tdx.TdxClientConfig;
import org.tqd.tdx.TdxCredentials;
import org.tqd.workflows.TicketRun;
import org.tqd.workflows.TicketWorkflowImpl;
import org.tqd.workflows.action.ActionSpec;
import org.tqd.workflows.activities.TaskQueues;
import org.tqd.workflows.pipeline.PipelineDefinition;
import org.tqd.workflows.pipeline.PipelineLoader;

/**
 * The TDX worker is killed ({@code shutdownNow}: its activity threads interrupted, nothing more
 * reported by it) twice in one run: while its {@code update_fields} PATCH has taken effect in TDX
 * but not answered, and while its webhook POST has been received but not answered. A new worker
 * takes over each time. Result: one PATCH (exactly once), and two POSTs with one idempotency key,
 * the ledger row saying {@code possibly_duplicate: true}. The Temporal server is the SDK's test
 * server; TDX is the sandbox over HTTP, the ledger PostgreSQL, the webhook a local HTTP server.
 */
class WorkerKillRulesTest {

  private static final Duration WAIT = Duration.ofMinutes(3);

  private Database database;
  private TdxSandbox sandbox;
  private TdxClient tdx;
  private ActionLedger ledger;
  private SyncedAssetIndex index;
  private TestWorkflowEnvironment env;
  private HttpServer receiver;
  private String hook;
  private final ConcurrentLinkedQueue<String> keys = new ConcurrentLinkedQueue<>();
  private final CountDownLatch release = new CountDownLatch(1);

  @BeforeEach
  void start() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    receiver.createContext(
        "/hook",
        x -> {
          x.getRequestBody().readAllBytes();
          keys.add(String.valueOf(x.getRequestHeaders().getFirst("Idempotency-Key")));
          if (keys.size() == 1) {
            try {
              // The first delivery is received, and its answer never reaches the killed worker.
              release.await(150, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          x.sendResponseHeaders(200, 2);
          try (OutputStream out = x.getResponseBody()) {
            out.write("ok".getBytes(StandardCharsets.UTF_8));
          }
        });
    receiver.start();
    hook =
        "http://"
            + receiver.getAddress().getHostString()
            + ":"
            + receiver.getAddress().getPort()
            + "/hook";

    database = TestPostgres.newLedger();
    sandbox = TdxSandbox.builder().tickets(3).seed(31).rateLimits(RateLimits.off()).build().start();
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
    index =
        new SyncedAssetIndex(
            tdx,
            new AssetIndex(database.jdbi()),
            SyncedAssetIndex.Options.defaults(),
            Clock.systemUTC());
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
    TicketSearchAttributes.ALL.forEach(env::registerSearchAttribute);
    Worker tickets = env.newWorker(TaskQueues.TICKETS);
    tickets.registerWorkflowImplementationTypes(TicketWorkflowImpl.class);
    tickets.registerActivitiesImplementations(
        new LedgerActivitiesImpl(ledger, TicketRun.DEFAULT_MAX_RUNS_BEFORE_PARK));
    env.start();
  }

  /** A TDX worker of its own factory, so that it can be killed alone. */
  private WorkerFactory tdxWorker() {
    WorkerFactory factory = WorkerFactory.newInstance(env.getWorkflowClient());
    factory
        .newWorker(TaskQueues.TDX)
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
                Notifications.of(Map.of("TQD_HOOK_URL", hook), null, Duration.ofMillis(10))));
    factory.start();
    return factory;
  }

  @AfterEach
  void stop() {
    release.countDown();
    env.close();
    sandbox.close();
    database.close();
    receiver.stop(0);
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }

  @Test
  void killedMidPatchAndMidPostThePatchIsMadeOnceAndTheSecondPostIsFlagged() throws Exception {
    int id = sandbox.reportTickets().get(0);
    sandbox.reportTickets(List.of(id));
    PipelineDefinition pipeline =
        PipelineLoader.parse(
            """
            actions:
              - type: update_fields
                params:
                  fields: {PriorityID: 4403, UrgencyID: 4603}
              - type: notify
                params:
                  channel: webhook
                  url_env: TQD_HOOK_URL
                  text: "Ticket {{ticket.ID}} is urgent"
                  max_attempts: 1
                  timeout_seconds: 120
            """,
            "pipeline.yaml");
    ActionSpec update = pipeline.pipeline().actions().get(0);
    ActionSpec notify = pipeline.pipeline().actions().get(1);
    // The PATCH takes effect; its answer hangs.
    sandbox
        .faults()
        .lostAnswerShare(1.0)
        .lostAnswerTemplates(Set.of("PATCH tickets/{id}"))
        .hangMillis(60_000);

    WorkerFactory first = tdxWorker();
    ReportPoller poller =
        new ReportPoller(
            env.getWorkflowClient(),
            tdx,
            new LedgerWorkTracker(ledger),
            StarterOptions.newBuilder(sandbox.reportId(), pipeline.pipeline()).build(),
            () -> {},
            null);
    PollResult poll = poller.pollOnce();

    await(() -> sandbox.calls().getOrDefault("PATCH tickets/{id}", 0L) == 1, "the PATCH");
    await(() -> sandbox.state(id).priorityId() == 4403, "the PATCH to take effect");
    first.shutdownNow();
    sandbox.faults().reset();
    WorkerFactory second = tdxWorker();

    await(() -> keys.size() == 1, "the first POST");
    // Killed mid-send: the receiver holds the first POST's answer until the test ends, so the
    // killed attempt never completes; Temporal gives the activity to the next worker once the
    // attempt's heartbeat timeout (30 s) has passed.
    second.shutdownNow();
    WorkerFactory third = tdxWorker();

    List<TicketOutcome> outcomes = poller.awaitOutcomes(poll, WAIT);
    poller.stop();
    third.shutdown();

    assertThat(outcomes).as(OutcomeTable.format(outcomes)).hasSize(1);
    assertThat(outcomes.get(0).status()).isEqualTo(Status.SUCCEEDED);
    assertThat(sandbox.calls().get("PATCH tickets/{id}")).isEqualTo(1L);
    assertThat(sandbox.state(id).priorityId()).isEqualTo(4403);
    assertThat(sandbox.state(id).urgencyId()).isEqualTo(4603);
    assertThat(keys).hasSize(2).containsOnly(id + ":" + notify.actionId());
    Map<String, ActionState> rows =
        ledger.loadStates(id, List.of(update.actionId(), notify.actionId()));
    assertThat(rows.get(update.actionId()).metadata()).containsKey("inverse");
    assertThat(rows.get(notify.actionId()).metadata()).containsEntry("possibly_duplicate", true);
  }
}
