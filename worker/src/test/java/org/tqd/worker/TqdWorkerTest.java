package org.tqd.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tqd.tdx.model.Ticket;
import org.tqd.workflows.TicketRun;
import org.tqd.workflows.TicketRunResult;
import org.tqd.workflows.TicketWorkflow;
import org.tqd.workflows.action.ActionSpec;
import org.tqd.workflows.action.Pipeline;
import org.tqd.workflows.activities.ActionActivities;
import org.tqd.workflows.activities.ActionRequest;
import org.tqd.workflows.activities.ActionResult;
import org.tqd.workflows.activities.LedgerActivities;
import org.tqd.workflows.activities.TaskQueues;
import org.tqd.workflows.activities.TicketActivities;

/**
 * The worker's wiring: both task queues, the action metrics, the health endpoint and graceful
 * shutdown. The activities here are stand-ins that only count and wait, because this test is about
 * the worker process; the real activities run against the sandbox in the end-to-end tests.
 */
class TqdWorkerTest {

  private TestWorkflowEnvironment env;
  private PrometheusMeterRegistry registry;
  private TqdWorker worker;
  private MetricsServer metrics;
  private final HttpClient http = HttpClient.newHttpClient();
  private final CountDownLatch actionStarted = new CountDownLatch(1);
  private final AtomicBoolean actionFinished = new AtomicBoolean();
  private volatile Duration actionTime = Duration.ZERO;

  @BeforeEach
  void start() {
    env = TestWorkflowEnvironment.newInstance();
    env.start();
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    worker =
        new TqdWorker(
            env.getWorkflowClient(),
            new ActivityImplementations(new Actions(), new Tickets(), new Ledger()),
            new WorkerSettings(50, 4, 4, 0, Duration.ofSeconds(10)),
            registry);
    metrics = new MetricsServer("127.0.0.1", 0, registry, worker::isHealthy);
  }

  @AfterEach
  void stop() {
    metrics.close();
    worker.close();
    env.close();
  }

  @Test
  void runsTicketWorkflowsAndCountsActions() throws Exception {
    assertThat(get("/health").statusCode()).isEqualTo(503);
    worker.start();
    assertThat(get("/health").statusCode()).isEqualTo(200);
    assertThat(worker.isHealthy()).isTrue();

    TicketRunResult result = startRun(7).getResult(TicketRunResult.class);

    assertThat(result.succeeded()).isTrue();
    String scrape = get("/metrics").body();
    assertThat(scrape)
        .contains("tqd_actions_total{outcome=\"succeeded\",type=\"add_asset\"} 1.0")
        .contains("tqd_actions_total{outcome=\"executed\",type=\"add_asset\"} 1.0");
  }

  @Test
  void shutdownLetsInFlightActivitiesFinish() throws Exception {
    actionTime = Duration.ofMillis(1500);
    worker.start();
    WorkflowStub run = startRun(8);
    assertThat(actionStarted.await(10, TimeUnit.SECONDS)).isTrue();

    worker.close();

    assertThat(actionFinished).isTrue();
    assertThat(get("/health").statusCode()).isEqualTo(503);
    run.cancel();
  }

  private WorkflowStub startRun(int ticketId) {
    ActionSpec add =
        new ActionSpec(
            "add_asset", "v2", "add_asset:a6ee89781f2f:v2", "a".repeat(64), Map.of(), false, null);
    TicketRun run = new TicketRun(ticketId, 1, "t", Pipeline.of(List.of(add)), false, 3);
    TicketWorkflow wf =
        env.getWorkflowClient()
            .newWorkflowStub(
                TicketWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setTaskQueue(TaskQueues.TICKETS)
                    .setWorkflowId(run.workflowId())
                    .build());
    WorkflowClient.start(wf::run, run);
    return WorkflowStub.fromTyped(wf);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metrics.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private final class Actions implements ActionActivities {
    private ActionResult done(ActionRequest r) {
      actionStarted.countDown();
      try {
        Thread.sleep(actionTime.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted");
      }
      actionFinished.set(true);
      return new ActionResult(
          r.action().actionId(),
          r.action().type(),
          ActionResult.Outcome.COMPLETED,
          "ok",
          null,
          List.of(),
          List.of(),
          Map.of());
    }

    @Override
    public ActionResult addAsset(ActionRequest r) {
      return done(r);
    }

    @Override
    public ActionResult comment(ActionRequest r) {
      return done(r);
    }

    @Override
    public ActionResult changeStatus(ActionRequest r) {
      return done(r);
    }

    @Override
    public ActionResult assign(ActionRequest r) {
      return done(r);
    }

    @Override
    public ActionResult findActiveTickets(ActionRequest r) {
      return done(r);
    }

    @Override
    public ActionResult summaryComment(ActionRequest r) {
      return done(r);
    }
  }

  private static final class Tickets implements TicketActivities {
    @Override
    public String lastRequestorReply(int ticketId, String requestorUid) {
      return null;
    }

    @Override
    public Ticket fetchTicket(int id) {
      return new Ticket(
          id, 46, "t", "", 0, 0, 115, "Open", 1, null, null, null, null, 0, null, null);
    }
  }

  @Test
  void aWorkerThatLosesTemporalIsDown() throws Exception {
    int port;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      port = free.getLocalPort();
    }
    io.temporal.testserver.TestServer.PortBoundTestServer server =
        io.temporal.testserver.TestServer.createPortBoundServer(port);
    io.temporal.serviceclient.WorkflowServiceStubs stubs =
        io.temporal.serviceclient.WorkflowServiceStubs.newServiceStubs(
            io.temporal.serviceclient.WorkflowServiceStubsOptions.newBuilder()
                .setTarget("127.0.0.1:" + port)
                .build());
    try (TqdWorker lost =
        new TqdWorker(
            io.temporal.client.WorkflowClient.newInstance(stubs),
            new ActivityImplementations(new Actions(), new Tickets(), new Ledger()),
            new WorkerSettings(50, 4, 4, 0, Duration.ofSeconds(1)),
            null)) {
      lost.start();
      assertThat(lost.isHealthy()).isTrue();

      server.close();
      Thread.sleep(5_100); // the reachability answer is kept for 5 s

      assertThat(lost.isRunning()).isTrue();
      assertThat(lost.isHealthy()).isFalse();
    } finally {
      stubs.shutdownNow();
    }
  }

  private static final class Ledger implements LedgerActivities {
    @Override
    public Map<String, LedgerState> loadTicketState(int ticketId, List<String> actionIds) {
      return new HashMap<>();
    }

    @Override
    public void recordFailure(FailureRecord failure) {}

    @Override
    public void recordNotApplicable(NotApplicableRecord record) {}
  }
}
