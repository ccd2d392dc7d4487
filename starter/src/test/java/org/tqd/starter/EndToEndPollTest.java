package org.tqd.starter;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.tqd.activities.ledger.AssetIndex;
import org.tqd.activities.ledger.Database;
import org.tqd.sandbox.RateLimits;
import org.tqd.sandbox.TdxSandbox;
import org.tqd.sandbox.TicketTruth;
import org.tqd.starter.TicketOutcome.Status;
import org.tqd.tdx.TdxClient;
import org.tqd.tdx.TdxClientConfig;
import org.tqd.tdx.TdxCredentials;
import org.tqd.workflows.TicketRun;
import org.tqd.workflows.TicketWorkflowImpl;
import org.tqd.workflows.activities.TaskQueues;
import org.tqd.workflows.pipeline.StandardPipeline;

/**
 * Everything real but the Temporal server (the SDK's test server): the standard pipeline's action
 * implementations against the TDX sandbox over HTTP, the ledger in an embedded PostgreSQL, and the
 * poller wired as the {@code tqd} command wires it.
 */
class EndToEndPollTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  private Database database;
  private TdxSandbox sandbox;
  private TestWorkflowEnvironment env;
  private ReportPoller poller;
  private final AtomicInteger refreshes = new AtomicInteger();

  @BeforeEach
  void start() {
    database = TestPostgres.newLedger();
    sandbox = TdxSandbox.builder().tickets(20).seed(5).rateLimits(RateLimits.off()).build().start();
    TdxClient tdx =
        new TdxClient(
            TdxClientConfig.builder()
                .baseUrl(sandbox.baseUrl())
                .ticketAppId(sandbox.ticketAppId())
                .assetAppId(sandbox.assetAppId())
                .credentials(
                    new TdxCredentials.WebServicesKey(
                        sandbox.beid().toString(), sandbox.webServicesKey().toString()))
                .build());
    ActionLedger ledger = new ActionLedger(database.jdbi());
    SyncedAssetIndex index =
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
    env.newWorker(TaskQueues.TDX)
        .registerActivitiesImplementations(
            new TicketActivitiesImpl(tdx, Clock.systemUTC()),
            new ActionActivitiesImpl(
                tdx,
                ledger,
                new ActionJournal(database.jdbi()),
                index,
                ActionSettings.forTdx(sandbox.baseUrl(), sandbox.ticketAppId()),
                Clock.systemUTC()));
    env.start();

    poller =
        new ReportPoller(
            env.getWorkflowClient(),
            tdx,
            new LedgerWorkTracker(ledger),
            StarterOptions.newBuilder(sandbox.reportId(), StandardPipeline.get()).build(),
            () -> {
              refreshes.incrementAndGet();
              index.refreshIfStale();
            },
            null);
  }

  @AfterEach
  void stop() {
    poller.stop();
    env.close();
    sandbox.close();
    database.close();
  }

  @Test
  void aPollProcessesTheQueueAndTheNextCostsOneReportCall() {
    PollResult first = poller.pollOnce();
    assertThat(first.started()).isEqualTo(20);
    List<TicketOutcome> outcomes = poller.awaitOutcomes(first, WAIT);
    assertThat(outcomes)
        .as(OutcomeTable.format(outcomes))
        .allMatch(o -> o.status() == Status.SUCCEEDED);
    for (TicketTruth truth : sandbox.truth()) {
      if (truth.inReport()) {
        assertThat(sandbox.state(truth.ticketId()).assetIds())
            .as("assets of ticket %d", truth.ticketId())
            .containsExactlyInAnyOrderElementsOf(truth.expectedAssetIds());
      }
    }

    sandbox.resetCalls();
    PollResult second = poller.pollOnce();
    assertThat(second.started()).isZero();
    assertThat(second.alreadyDone()).isEqualTo(20);
    // re-polling a processed report: one TDX call, whatever its size
    Map<String, Long> calls = new TreeMap<>(sandbox.calls());
    calls.keySet().removeIf(method -> method.contains("auth"));
    calls.values().removeIf(n -> n == 0);
    assertThat(calls).containsExactly(Map.entry("GET reports/{id}", 1L));
    assertThat(refreshes).hasValue(2);

    List<Integer> added = sandbox.addTickets(3);
    PollResult third = poller.pollOnce();
    assertThat(third.startedRuns())
        .extracting(PollResult.TicketStart::ticketId)
        .containsExactlyElementsOf(added);
    assertThat(poller.awaitOutcomes(third, WAIT)).allMatch(o -> o.status() == Status.SUCCEEDED);
  }
}
