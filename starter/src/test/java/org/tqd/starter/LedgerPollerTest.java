package org.tqd.starter;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tqd.activities.ledger.ActionLedger;
import org.tqd.activities.ledger.ActionStatus;
import org.tqd.activities.ledger.Database;
import org.tqd.sandbox.TdxSandbox;
import org.tqd.starter.PollResult.Disposition;
import org.tqd.starter.PollResult.ErrorKind;
import org.tqd.starter.PollResult.TicketStart;
import org.tqd.starter.TicketOutcome.Status;
import org.tqd.tdx.TdxClient;
import org.tqd.tdx.TdxClientConfig;
import org.tqd.tdx.TdxCredentials;
import org.tqd.tdx.model.FeedPost;
import org.tqd.workflows.TicketWorkflowImpl;
import org.tqd.workflows.action.ActionCondition;
import org.tqd.workflows.action.ActionSpec;
import org.tqd.workflows.action.Pipeline;
import org.tqd.workflows.activities.ActionResult;
import org.tqd.workflows.activities.ActionResult.Outcome;
import org.tqd.workflows.activities.TaskQueues;

/**
 * The poller with the real ledger ({@link LedgerWorkTracker} over {@link ActionLedger} in an
 * embedded PostgreSQL), the real {@link TicketWorkflowImpl}, and the queue report from the TDX
 * sandbox. The actions keep the ledger as the real ones do but write nothing to TDX ({@link
 * LedgerActivitiesForTest}).
 */
class LedgerPollerTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int MAX_RUNS = 2;

  private TestWorkflowEnvironment env;
  private TdxSandbox sandbox;
  private Database database;
  private ActionLedger ledger;
  private LedgerActivitiesForTest activities;
  private ReportPoller poller;
  private TdxClient tdx;

  @BeforeEach
  void start() {
    database = TestPostgres.newLedger();
    ledger = new ActionLedger(database.jdbi());

    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
    TicketSearchAttributes.ALL.forEach(env::registerSearchAttribute);
    activities = new LedgerActivitiesForTest(ledger, MAX_RUNS);
    Worker tickets = env.newWorker(TaskQueues.TICKETS);
    tickets.registerWorkflowImplementationTypes(TicketWorkflowImpl.class);
    tickets.registerActivitiesImplementations(activities);
    env.newWorker(TaskQueues.TDX).registerActivitiesImplementations(activities);
    env.start();

    sandbox = TdxSandbox.builder().tickets(6).seed(3).build().start();
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
    poller =
        new ReportPoller(
            env.getWorkflowClient(),
            tdx,
            new LedgerWorkTracker(ledger),
            StarterOptions.newBuilder(sandbox.reportId(), ReportPollerTest.PIPELINE)
                .setMaxRunsBeforePark(MAX_RUNS)
                .build());
  }

  @AfterEach
  void stop() {
    poller.stop();
    env.close();
    sandbox.close();
    database.close();
  }

  @Test
  void aProcessedReportStartsNothingOnTheNextPoll() {
    PollResult first = poller.pollOnce();
    assertThat(first.started()).isEqualTo(6);
    assertThat(poller.awaitOutcomes(first, WAIT)).allMatch(o -> o.status() == Status.SUCCEEDED);

    PollResult second = poller.pollOnce();
    assertThat(second.started()).isZero();
    assertThat(second.alreadyDone()).isEqualTo(6);
    assertThat(second.tickets()).allMatch(t -> t.message().startsWith("ledger"));
  }

  @Test
  void ticketsTheLedgerAlreadyHasDoneAreNeverStarted() {
    // rows as the Python daemon left them: completed, with no workflow
    int done = sandbox.reportTickets().get(0);
    for (String actionId : ReportPollerTest.PIPELINE.actionIds()) {
      ledger.claim(done, actionId, actionId.substring(0, actionId.indexOf(':')), null, null);
      ledger.complete(done, actionId, ActionStatus.COMPLETED, null, Map.of());
    }

    PollResult result = poller.pollOnce();
    assertThat(result.started()).isEqualTo(5);
    assertThat(result.tickets().get(0))
        .satisfies(
            t -> {
              assertThat(t.ticketId()).isEqualTo(done);
              assertThat(t.disposition()).isEqualTo(Disposition.ALREADY_DONE);
            });
  }

  @Test
  void aFailingActionIsRetriedByLaterPollsUntilItIsParked() {
    int ticket = sandbox.reportTickets().get(1);
    activities.failing.add(ticket + "/find_active_tickets");

    TicketOutcome first = outcomeOf(ticket, poller.pollOnce());
    assertThat(first.status()).isEqualTo(Status.FAILED);
    assertThat(first.message()).contains("TDX rejected find_active_tickets");

    PollResult second = poller.pollOnce();
    assertThat(second.startedRuns()).extracting(TicketStart::ticketId).containsExactly(ticket);
    assertThat(second.restarted()).isEqualTo(1);
    TicketOutcome retried = outcomeOf(ticket, second);
    assertThat(retried.status()).isEqualTo(Status.FAILED);
    assertThat(retried.actions())
        .extracting(ActionResult::outcome)
        .containsExactly(Outcome.ALREADY_DONE, Outcome.FAILED, Outcome.ALREADY_DONE);

    // tried by MAX_RUNS runs: parked, so polls leave the ticket alone
    PollResult third = poller.pollOnce();
    assertThat(third.started()).isZero();
    assertThat(third.alreadyDone()).isEqualTo(6);
  }

  @Test
  void aLedgerThatCannotBeReachedStartsNothing() {
    database.close();
    PollResult result = poller.pollOnce();
    assertThat(result.error().kind()).isEqualTo(ErrorKind.LEDGER);
    assertThat(result.started()).isZero();
    assertThat(result.line()).contains("found 6", "ledger error:", "nothing started");
  }

  @Test
  void anActionWhoseConditionBecomesTrueRunsAtTheNextPollFromTheReportRow() {
    List<Integer> ids = sandbox.reportTickets();
    // An active status no ticket of the report has yet.
    int status =
        java.util.stream.Stream.of(622, 620, 619, 121, 117)
            .filter(st -> ids.stream().noneMatch(id -> sandbox.state(id).statusId() == st))
            .findFirst()
            .orElseThrow();
    ActionSpec onlyInStatus =
        new ActionSpec(
            "comment",
            "v1",
            "comment:dddddddddddd:v1",
            "d".repeat(64),
            Map.of(),
            false,
            new ActionCondition(List.of(status), null, null, null));
    Pipeline pipeline =
        Pipeline.of(List.of(ReportPollerTest.ADD, onlyInStatus, ReportPollerTest.SUMMARY));
    activities.tickets = tdx;
    ReportPoller conditional =
        new ReportPoller(
            env.getWorkflowClient(),
            tdx,
            new LedgerWorkTracker(ledger),
            StarterOptions.newBuilder(sandbox.reportId(), pipeline).build());

    PollResult first = conditional.pollOnce();
    assertThat(conditional.awaitOutcomes(first, WAIT))
        .allMatch(o -> o.status() == Status.SUCCEEDED);
    assertThat(ledger.loadStates(ids.get(0), List.of(onlyInStatus.actionId())))
        .extractingByKey(onlyInStatus.actionId())
        .extracting(a -> a.status())
        .isEqualTo(ActionStatus.NOT_APPLICABLE);

    // Nothing changed: no start, no TDX call but the report.
    sandbox.resetCalls();
    PollResult second = conditional.pollOnce();
    assertThat(second.started()).isZero();
    assertThat(second.waiting()).isEqualTo(6);
    assertThat(second.line()).contains("waiting for conditions 6");

    int moved = ids.get(2);
    tdx.postFeed(
        moved, new FeedPost(status, false, "Status change", List.of("null"), true, false, false));
    sandbox.resetCalls();
    PollResult third = conditional.pollOnce();
    assertThat(third.startedRuns()).extracting(TicketStart::ticketId).containsExactly(moved);
    assertThat(sandbox.calls().keySet())
        .allMatch(k -> k.contains("reports") || k.contains("statuses") || k.contains("auth"));
    TicketOutcome ran =
        conditional.awaitOutcomes(third, WAIT).stream()
            .filter(o -> o.ticketId() == moved)
            .findFirst()
            .orElseThrow();
    assertThat(ran.status()).isEqualTo(Status.SUCCEEDED);
    assertThat(ran.actions())
        .extracting(ActionResult::outcome)
        .containsExactly(Outcome.ALREADY_DONE, Outcome.COMPLETED, Outcome.ALREADY_DONE);
    assertThat(
            ledger
                .loadStates(moved, List.of(onlyInStatus.actionId()))
                .get(onlyInStatus.actionId())
                .status())
        .isEqualTo(ActionStatus.COMPLETED);

    PollResult fourth = conditional.pollOnce();
    assertThat(fourth.started()).isZero();
    assertThat(fourth.alreadyDone()).isEqualTo(1);
    assertThat(fourth.waiting()).isEqualTo(5);
  }

  @Test
  void aConditionTheRowCannotShowIsEvaluatedAgainOncePerRecheckInterval() throws Exception {
    ActionSpec onlyType9 =
        new ActionSpec(
            "comment",
            "v1",
            "comment:eeeeeeeeeeee:v1",
            "e".repeat(64),
            Map.of(),
            false,
            new ActionCondition(null, List.of(9), null, null));
    Pipeline pipeline = Pipeline.of(List.of(onlyType9, ReportPollerTest.SUMMARY));
    ReportPoller conditional =
        new ReportPoller(
            env.getWorkflowClient(),
            tdx,
            new LedgerWorkTracker(ledger),
            StarterOptions.newBuilder(sandbox.reportId(), pipeline)
                .setRecheckInterval(Duration.ofSeconds(2))
                .build());
    conditional.awaitOutcomes(conditional.pollOnce(), WAIT);

    PollResult soon = conditional.pollOnce();
    assertThat(soon.started()).isZero();
    assertThat(soon.waiting()).isEqualTo(6);

    Thread.sleep(2_100);
    PollResult due = conditional.pollOnce();
    assertThat(due.started()).isEqualTo(6);
    assertThat(conditional.awaitOutcomes(due, WAIT)).allMatch(o -> o.status() == Status.SUCCEEDED);
    assertThat(conditional.pollOnce().started()).isZero();
  }

  private TicketOutcome outcomeOf(int ticket, PollResult poll) {
    List<TicketOutcome> outcomes = poller.awaitOutcomes(poll, WAIT);
    return outcomes.stream().filter(o -> o.ticketId() == ticket).findFirst().orElseThrow();
  }
}
