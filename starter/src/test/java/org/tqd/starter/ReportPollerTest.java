package org.tqd.starter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.serviceclient.RpcRetryOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tqd.sandbox.TdxSandbox;
import org.tqd.starter.PollResult.Disposition;
import org.tqd.starter.PollResult.ErrorKind;
import org.tqd.starter.PollResult.TicketStart;
import org.tqd.starter.TicketOutcome.Status;
import org.tqd.tdx.TdxApi;
import org.tqd.tdx.TdxClient;
import org.tqd.tdx.TdxClientConfig;
import org.tqd.tdx.TdxCredentials;
import org.tqd.workflows.TicketRun;
import org.tqd.workflows.TicketWorkflowImpl;
import org.tqd.workflows.action.ActionSpec;
import org.tqd.workflows.action.Pipeline;
import org.tqd.workflows.activities.ActionResult;
import org.tqd.workflows.activities.ActionResult.Outcome;
import org.tqd.workflows.activities.TaskQueues;

/**
 * The poller against Temporal's test server with the real {@link TicketWorkflowImpl}, reading the
 * queue report from the TDX sandbox over HTTP with the real {@link TdxClient}. Activities are
 * {@link TestActivities}: recording stand-ins with an in-memory ledger, because these tests are
 * about what the poller starts and counts, not about what the actions do (those are tested against
 * the sandbox in the activities module).
 */
class ReportPollerTest {

  static final int REPORT = 1344;
  static final ActionSpec ADD = spec("add_asset", "aaaaaaaaaaaa");
  static final ActionSpec FIND = spec("find_active_tickets", "bbbbbbbbbbbb");
  static final ActionSpec SUMMARY = spec("summary_comment", "cccccccccccc");
  static final Pipeline PIPELINE = Pipeline.of(List.of(ADD, FIND, SUMMARY));
  static final Duration WAIT = Duration.ofSeconds(30);
  static final String REPORT_TEMPLATE = "GET reports/{id}";

  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private TestActivities activities;
  private TdxSandbox sandbox;
  private TdxApi tdx;
  private final AtomicInteger ledgerQueries = new AtomicInteger();
  private final List<ReportPoller> pollers = new ArrayList<>();

  static ActionSpec spec(String type, String hash) {
    return new ActionSpec(
        type,
        "v1",
        type + ":" + hash + ":v1",
        hash.repeat(6).substring(0, 64),
        Map.of(),
        false,
        null);
  }

  @BeforeEach
  void start() {
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
    TicketSearchAttributes.ALL.forEach(env::registerSearchAttribute);
    activities = new TestActivities(TicketRun.DEFAULT_MAX_RUNS_BEFORE_PARK);
    Worker tickets = env.newWorker(TaskQueues.TICKETS);
    tickets.registerWorkflowImplementationTypes(TicketWorkflowImpl.class);
    tickets.registerActivitiesImplementations(activities);
    Worker tdxWorker = env.newWorker(TaskQueues.TDX);
    tdxWorker.registerActivitiesImplementations(activities);
    env.start();
    client = env.getWorkflowClient();
    sandbox = TdxSandbox.builder().tickets(0).seed(1).build().start();
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
  }

  /** Adds tickets to the sandbox's queue report and returns their IDs in report order. */
  private List<Integer> addTickets(int count) {
    return sandbox.addTickets(count);
  }

  private long reportCalls() {
    return sandbox.calls().getOrDefault(REPORT_TEMPLATE, 0L);
  }

  @AfterEach
  void stop() {
    pollers.forEach(ReportPoller::stop);
    activities.release();
    env.close();
    sandbox.close();
  }

  private ReportPoller poller(UnaryOperator<StarterOptions.Builder> options) {
    return poller(options, activities.tracker(ledgerQueries), null, null);
  }

  private ReportPoller poller(
      UnaryOperator<StarterOptions.Builder> options,
      WorkTracker tracker,
      Runnable beforePoll,
      PollListener listener) {
    ReportPoller poller =
        new ReportPoller(
            client,
            tdx,
            tracker,
            options.apply(StarterOptions.newBuilder(REPORT, PIPELINE)).build(),
            beforePoll,
            listener);
    pollers.add(poller);
    return poller;
  }

  private ReportPoller poller() {
    return poller(b -> b);
  }

  private ReportPoller namedPoller(StarterOptions.Builder options) {
    ReportPoller poller =
        new ReportPoller(client, tdx, activities.tracker(ledgerQueries), options.build());
    pollers.add(poller);
    return poller;
  }

  @Test
  void firstPollStartsOneWorkflowPerTicketAndEachRunsThePipeline() {
    List<Integer> ids = addTickets(50);
    ReportPoller poller = poller();

    PollResult result = poller.pollOnce();

    assertThat(result.error()).isNull();
    assertThat(result.found()).isEqualTo(50);
    assertThat(result.started()).isEqualTo(50);
    assertThat(result.restarted()).isZero();
    assertThat(result.succeeded()).isTrue();
    assertThat(reportCalls()).isEqualTo(1);
    assertThat(ledgerQueries).hasValue(1);
    assertThat(result.startedRuns())
        .extracting(TicketStart::workflowId)
        .startsWith(
            "tqd:" + ids.get(0) + ":" + PIPELINE.pipelineId(),
            "tqd:" + ids.get(1) + ":" + PIPELINE.pipelineId());

    List<TicketOutcome> outcomes = poller.awaitOutcomes(result, WAIT);
    assertThat(outcomes).hasSize(50).allMatch(o -> o.status() == Status.SUCCEEDED);
    assertThat(outcomes).extracting(TicketOutcome::ticketId).containsExactlyElementsOf(ids);
    assertThat(outcomes.get(0).title()).isEqualTo(sandbox.state(ids.get(0)).title());
    assertThat(outcomes.get(0).actions())
        .extracting(ActionResult::outcome)
        .containsExactly(Outcome.COMPLETED, Outcome.COMPLETED, Outcome.COMPLETED);
    assertThat(activities.calls).hasSize(150);
  }

  @Test
  void aPausedPipelinePollReadsNoReportAndStartsNothingButADryRunPreviews() {
    addTickets(3);
    java.util.concurrent.atomic.AtomicReference<String> pause =
        new java.util.concurrent.atomic.AtomicReference<>("every pipeline paused by test");
    List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
    PauseCheck check =
        name -> {
          asked.add(String.valueOf(name));
          return java.util.Optional.ofNullable(pause.get());
        };
    Pipeline named = Pipeline.of("laptops", PIPELINE.actions(), 0);
    ReportPoller poller =
        namedPoller(StarterOptions.newBuilder(REPORT, named).setPauseCheck(check));

    PollResult paused = poller.pollOnce();
    assertThat(paused.paused()).isEqualTo("every pipeline paused by test");
    assertThat(paused.started()).isZero();
    assertThat(paused.succeeded()).isTrue();
    assertThat(reportCalls()).isZero();
    assertThat(asked).containsExactly("laptops");
    assertThat(paused.line())
        .startsWith("poll #1 report " + sandbox.reportId() + " pipeline laptops: paused (");

    ReportPoller dry =
        namedPoller(StarterOptions.newBuilder(REPORT, named).setPauseCheck(check).setDryRun(true));
    assertThat(dry.pollOnce().started()).as("a dry run is not held").isEqualTo(3);

    pause.set(null);
    PollResult resumed = poller.pollOnce();
    assertThat(resumed.paused()).isNull();
    assertThat(resumed.started()).isEqualTo(3);
    String workflowId = resumed.startedRuns().get(0).workflowId();
    assertThat(workflowId).endsWith(":" + named.pipelineId());
    WorkflowExecutionDescription description = client.newUntypedWorkflowStub(workflowId).describe();
    assertThat(description.getTypedSearchAttributes().get(TicketSearchAttributes.PIPELINE_NAME))
        .isEqualTo("laptops");
  }

  @Test
  void anUnreadablePauseSwitchStartsNothing() {
    addTickets(2);
    ReportPoller poller =
        poller(
            o ->
                o.setPauseCheck(
                    name -> {
                      throw new IllegalStateException("ledger down");
                    }));
    PollResult result = poller.pollOnce();
    assertThat(result.error()).isNotNull();
    assertThat(result.error().kind()).isEqualTo(PollResult.ErrorKind.LEDGER);
    assertThat(result.error().message()).contains("could not read the pause switch: ledger down");
    assertThat(result.started()).isZero();
    assertThat(reportCalls()).isZero();
  }

  @Test
  void aSecondPollWhileRunsAreGoingCountsThemInFlight() {
    addTickets(5);
    activities.hold = true;
    ReportPoller poller = poller();

    PollResult first = poller.pollOnce();
    assertThat(first.started()).isEqualTo(5);
    await().atMost(WAIT).until(() -> activities.waiting.get() == 5);

    PollResult second = poller.pollOnce();
    assertThat(second.started()).isZero();
    assertThat(second.inFlight()).isEqualTo(5);
    assertThat(second.succeeded()).isTrue();
    assertThat(second.tickets())
        .extracting(TicketStart::runId)
        .containsExactlyElementsOf(first.startedRuns().stream().map(TicketStart::runId).toList());
    assertThat(second.line()).contains("started 0, already done 0, in flight 5");

    activities.release();
    assertThat(poller.awaitOutcomes(first, WAIT)).allMatch(o -> o.status() == Status.SUCCEEDED);
    assertThat(poller.pollOnce().alreadyDone()).isEqualTo(5);
  }

  @Test
  void afterCompletionNothingStartsAgainAndARunTheLedgerDidNotAskForDoesNothing() {
    addTickets(10);
    ReportPoller poller = poller();
    poller.awaitOutcomes(poller.pollOnce(), WAIT);
    int callsAfterFirstRun = activities.calls.size();

    PollResult second = poller.pollOnce();
    assertThat(second.started()).isZero();
    assertThat(second.alreadyDone()).isEqualTo(10);
    assertThat(second.tickets()).allMatch(t -> t.message().startsWith("ledger"));

    // The ledger, not the workflow ID, decides: a closed run never blocks a later start (reuse
    // policy ALLOW_DUPLICATE), and a run whose actions the ledger has as done does nothing.
    ReportPoller noLedger = poller(b -> b, WorkTracker.everyTicket(), null, null);
    PollResult third = noLedger.pollOnce();
    assertThat(third.started()).isEqualTo(10);
    assertThat(third.startErrors()).isZero();
    assertThat(noLedger.awaitOutcomes(third, WAIT)).allMatch(o -> o.status() == Status.SUCCEEDED);
    assertThat(activities.calls).hasSize(callsAfterFirstRun);
  }

  @Test
  void aFailedRunIsRestartedAtTheNextPollAndRunsOnlyWhatIsLeft() {
    List<Integer> ids = addTickets(4);
    int third = ids.get(2);
    activities.failOnce.add(third + "/find_active_tickets");
    ReportPoller poller = poller();

    List<TicketOutcome> first = poller.awaitOutcomes(poller.pollOnce(), WAIT);
    TicketOutcome failed = first.get(2);
    assertThat(failed.ticketId()).isEqualTo(third);
    assertThat(failed.status()).isEqualTo(Status.FAILED);
    assertThat(failed.message())
        .startsWith(FIND.actionId() + ": ")
        .contains("TDX rejected find_active_tickets on ticket " + third);
    assertThat(failed.actions())
        .extracting(ActionResult::outcome)
        .containsExactly(Outcome.COMPLETED, Outcome.FAILED, Outcome.COMPLETED);
    assertThat(first).filteredOn(o -> o.status() == Status.SUCCEEDED).hasSize(3);

    PollResult second = poller.pollOnce();
    assertThat(second.started()).isEqualTo(1);
    assertThat(second.restarted()).isEqualTo(1);
    assertThat(second.alreadyDone()).isEqualTo(3);
    assertThat(second.startedRuns())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.ticketId()).isEqualTo(third);
              assertThat(t.disposition()).isEqualTo(Disposition.RESTARTED);
            });
    assertThat(second.line()).contains("restarted after failure 1");

    TicketOutcome retried = poller.awaitOutcomes(second, WAIT).get(0);
    assertThat(retried.status()).isEqualTo(Status.SUCCEEDED);
    // The summary is called again because an earlier action completed in this run: it reports
    // the late line (in a follow-up, or nothing when there is none).
    assertThat(retried.actions())
        .extracting(ActionResult::outcome)
        .containsExactly(Outcome.ALREADY_DONE, Outcome.COMPLETED, Outcome.COMPLETED);
  }

  @Test
  void ticketsAddedToTheReportAreStartedAtTheNextPoll() {
    addTickets(3);
    ReportPoller poller = poller();
    poller.awaitOutcomes(poller.pollOnce(), WAIT);

    List<Integer> added = addTickets(2);
    PollResult second = poller.pollOnce();
    assertThat(second.found()).isEqualTo(5);
    assertThat(second.startedRuns())
        .extracting(TicketStart::ticketId)
        .containsExactlyElementsOf(added);
    assertThat(second.alreadyDone()).isEqualTo(3);
  }

  @Test
  void duplicateRowsStartOneWorkflowPerTicketInReportOrder() {
    List<Integer> ids = addTickets(3);
    sandbox.reportTickets(List.of(ids.get(2), ids.get(0), ids.get(2), ids.get(1), ids.get(0)));

    PollResult result = poller().pollOnce();
    assertThat(result.rows()).isEqualTo(5);
    assertThat(result.found()).isEqualTo(3);
    assertThat(result.duplicates()).isEqualTo(2);
    assertThat(result.startedRuns())
        .extracting(TicketStart::ticketId)
        .containsExactly(ids.get(2), ids.get(0), ids.get(1));
    assertThat(result.line()).contains("found 3 (rows 5, without ID 0, duplicates 2), started 3");
  }

  /** The sandbox always sends good IDs, so this report is held in memory. */
  @Test
  void rowsWithoutAUsableIdAreCountedAndTheRestStarted() {
    FakeReportApi fake = new FakeReportApi();
    tdx = fake;
    fake.addTickets(1, 3);
    Map<String, Object> noId = new HashMap<>();
    noId.put("TicketID", "");
    noId.put("Title", "broken row");
    fake.rows.add(noId);
    fake.rows.add(Map.of("TicketID", "4.0", "Title", "text id"));

    PollResult result = poller().pollOnce();
    assertThat(result.rows()).isEqualTo(5);
    assertThat(result.found()).isEqualTo(4);
    assertThat(result.withoutId()).isEqualTo(1);
    assertThat(result.started()).isEqualTo(4);
    assertThat(result.line()).contains("found 4 (rows 5, without ID 1, duplicates 0), started 4");
  }

  /** The sandbox's report always has the ID column, so this report is held in memory. */
  @Test
  void aReportWithoutTheIdColumnIsAConfigurationErrorAndStartsNothing() {
    FakeReportApi fake = new FakeReportApi();
    tdx = fake;
    fake.columns = List.of(new org.tqd.tdx.model.Report.DisplayColumn("ID", "ID", 2));
    fake.rows.add(Map.of("ID", 1));

    PollResult result = poller().pollOnce();
    assertThat(result.error().kind()).isEqualTo(ErrorKind.CONFIGURATION);
    assertThat(result.error().message())
        .contains("Report 1344 'Queue'", "no column 'TicketID'", "its columns are ID");
    assertThat(result.line()).startsWith("poll #1 report 1344: configuration error: Report 1344");
    assertThat(result.succeeded()).isFalse();
    assertThat(result.tickets()).isEmpty();
    assertThat(ledgerQueries).hasValue(0);
    assertThatThrownBy(
            () ->
                client
                    .newUntypedWorkflowStub(TicketRun.workflowId(1, PIPELINE.pipelineId(), false))
                    .describe())
        .isInstanceOf(WorkflowNotFoundException.class);
  }

  @Test
  void aReportThatCannotBeFetchedIsAnErrorNotAnEmptyReport() {
    addTickets(3);
    sandbox.faults().templates(Set.of(REPORT_TEMPLATE)).serverErrorShare(1.0);
    ReportPoller poller = poller();

    PollResult result = poller.pollOnce();
    assertThat(result.error().kind()).isEqualTo(ErrorKind.REPORT);
    assertThat(result.error().message()).contains("500");
    assertThat(result.line()).contains(": report error: GET reports/{id}");
    assertThat(result.succeeded()).isFalse();
    assertThat(ledgerQueries).hasValue(0);
    assertThat(activities.calls).isEmpty();

    sandbox.faults().reset();
    PollResult next = poller.pollOnce();
    assertThat(next.started()).isEqualTo(3);
    assertThat(poller.totals().pollErrors()).isEqualTo(1);
    assertThat(poller.totals().polls()).isEqualTo(2);
  }

  @Test
  void anEmptyReportIsFine() {
    PollResult result = poller().pollOnce();
    assertThat(result.error()).isNull();
    assertThat(result.found()).isZero();
    assertThat(result.succeeded()).isTrue();
    assertThat(ledgerQueries).hasValue(0);
  }

  @Test
  void aLedgerThatCannotBeReadStartsNothing() {
    addTickets(3);
    WorkTracker broken =
        (ids, actions, max) -> {
          throw new IllegalStateException("connection refused");
        };
    PollResult result = poller(b -> b, broken, null, null).pollOnce();
    assertThat(result.error().kind()).isEqualTo(ErrorKind.LEDGER);
    assertThat(result.line())
        .contains("found 3 (rows 3, without ID 0, duplicates 0), ledger error:")
        .contains("connection refused")
        .contains("nothing started");
    assertThat(activities.calls).isEmpty();
  }

  @Test
  void everyRunCarriesSearchAttributesSummaryDetailsAndATimeout() {
    int ticket = addTickets(1).get(0);
    PollResult result = poller(b -> b.setWorkflowExecutionTimeout(Duration.ofHours(6))).pollOnce();
    String workflowId = result.startedRuns().get(0).workflowId();

    WorkflowExecutionDescription description = client.newUntypedWorkflowStub(workflowId).describe();
    assertThat(description.getTypedSearchAttributes().get(TicketSearchAttributes.TICKET_ID))
        .isEqualTo(Integer.toString(ticket));
    assertThat(description.getTypedSearchAttributes().get(TicketSearchAttributes.REPORT_ID))
        .isEqualTo("1344");
    assertThat(
            description
                .getTypedSearchAttributes()
                .containsKey(TicketSearchAttributes.PIPELINE_NAME))
        .as("an unnamed pipeline sets no PipelineName")
        .isFalse();
    assertThat(description.getTypedSearchAttributes().get(TicketSearchAttributes.PIPELINE_ID))
        .isEqualTo(PIPELINE.pipelineId());
    assertThat(description.getStaticSummary())
        .isEqualTo("Ticket " + ticket + ": " + sandbox.state(ticket).title());
    assertThat(description.getStaticDetails())
        .contains(PIPELINE.pipelineId(), ADD.actionId(), FIND.actionId(), SUMMARY.actionId());
    assertThat(
            description
                .getRawDescription()
                .getExecutionConfig()
                .getWorkflowExecutionTimeout()
                .getSeconds())
        .isEqualTo(Duration.ofHours(6).toSeconds());
    assertThat(description.getWorkflowType()).isEqualTo("TicketWorkflow");
    assertThat(description.getTaskQueue()).isEqualTo(TaskQueues.TICKETS);
  }

  @Test
  void dryRunsUseTheirOwnIdsNeverBlockAndWriteNoLedger() {
    List<Integer> ids = addTickets(2);
    ReportPoller real = poller();
    real.awaitOutcomes(real.pollOnce(), WAIT);
    String ledgerBefore = activities.ledger.toString();

    ReportPoller dry = poller(b -> b.setDryRun(true), WorkTracker.everyTicket(), null, null);
    PollResult first = dry.pollOnce();
    assertThat(first.started()).isEqualTo(2);
    assertThat(first.startedRuns())
        .allMatch(t -> t.workflowId().startsWith(TicketRun.DRY_RUN_ID_PREFIX));
    assertThat(first.line()).startsWith("poll #1 report 1344 (dry run): ");
    assertThat(dry.awaitOutcomes(first, WAIT)).allMatch(o -> o.status() == Status.SUCCEEDED);

    // a completed dry run does not block the next one
    PollResult second = dry.pollOnce();
    assertThat(second.started()).isEqualTo(2);
    dry.awaitOutcomes(second, WAIT);
    assertThat(activities.ledger.toString()).isEqualTo(ledgerBefore);
    assertThat(
            client
                .newUntypedWorkflowStub(
                    TicketRun.workflowId(ids.get(0), PIPELINE.pipelineId(), true))
                .describe()
                .getStaticSummary())
        .startsWith("Dry run: ticket " + ids.get(0) + ": ");
  }

  @Test
  void theDaemonPollsAtTheIntervalWithPerPollNumbersAndStopsPromptly() throws Exception {
    addTickets(5);
    List<PollResult> polls = Collections.synchronizedList(new ArrayList<>());
    ReportPoller poller =
        poller(
            b -> b.setInterval(Duration.ofSeconds(1)),
            activities.tracker(ledgerQueries),
            null,
            polls::add);
    Thread daemon = new Thread(poller::runDaemon, "daemon-under-test");
    daemon.start();

    await().atMost(WAIT).until(() -> polls.size() >= 2);
    long stopAt = System.nanoTime();
    assertThat(poller.stopAndWait(Duration.ofSeconds(10))).isTrue();
    daemon.join(10_000);
    assertThat(daemon.isAlive()).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - stopAt)).isLessThan(Duration.ofSeconds(5));

    assertThat(polls.get(0).started()).isEqualTo(5);
    // per-poll numbers: the second poll reports its own starts, not a running total
    assertThat(polls.get(1).started()).isZero();
    assertThat(polls.get(1).inFlight() + polls.get(1).alreadyDone()).isEqualTo(5);
    assertThat(poller.totals().started()).isEqualTo(5);
    assertThat(poller.totals().polls()).isEqualTo(polls.size());
  }

  @Test
  void theDaemonGoesOnAfterAFailedPoll() throws Exception {
    addTickets(3);
    sandbox.faults().templates(Set.of(REPORT_TEMPLATE)).serverErrorShare(1.0);
    List<PollResult> polls = Collections.synchronizedList(new ArrayList<>());
    ReportPoller poller =
        poller(
            b -> b.setInterval(Duration.ofSeconds(1)),
            activities.tracker(ledgerQueries),
            null,
            r -> {
              polls.add(r);
              sandbox.faults().reset();
            });
    Thread daemon = new Thread(poller::runDaemon, "daemon-under-test");
    daemon.start();

    await().atMost(WAIT).until(() -> polls.size() >= 2);
    poller.stopAndWait(Duration.ofSeconds(10));
    daemon.join(10_000);
    assertThat(polls.get(0).error().kind()).isEqualTo(ErrorKind.REPORT);
    assertThat(polls.get(1).error()).isNull();
    assertThat(polls.get(1).started()).isEqualTo(3);
  }

  @Test
  void aStopDuringAPollMakesNoFurtherStarts() {
    addTickets(5);
    AtomicReference<ReportPoller> self = new AtomicReference<>();
    WorkTracker tracker = activities.tracker(ledgerQueries);
    WorkTracker stopping =
        (ids, actions, max) -> {
          self.get().stop();
          return tracker.pendingWork(ids, actions, max);
        };
    ReportPoller poller = poller(b -> b, stopping, null, null);
    self.set(poller);

    PollResult result = poller.pollOnce();
    assertThat(result.stopped()).isTrue();
    assertThat(result.started()).isZero();
    assertThat(result.notStarted()).isEqualTo(5);
    assertThat(result.succeeded()).isTrue();
    assertThat(result.line()).contains("not started 5", "stopped early");
    assertThat(activities.calls).isEmpty();

    // the daemon loop of a stopped poller returns at once, and a poll reads nothing
    poller.runDaemon();
    PollResult after = poller.pollOnce();
    assertThat(after.tickets()).isEmpty();
    assertThat(after.line())
        .matches("poll #2 report 1344: stopped before reading the report, in .*");
    assertThat(reportCalls()).isEqualTo(1);
  }

  @Test
  void waitingEndsAtTheTimeoutWithTheRunsStillGoingReportedAsTimedOut() {
    int first = addTickets(3).get(0);
    activities.hold = true;
    ReportPoller poller = poller();
    PollResult result = poller.pollOnce();
    List<TicketOutcome> seen = Collections.synchronizedList(new ArrayList<>());

    List<TicketOutcome> outcomes = poller.awaitOutcomes(result, Duration.ofMillis(500), seen::add);
    assertThat(outcomes).hasSize(3).allMatch(o -> o.status() == Status.TIMED_OUT);
    assertThat(outcomes.get(0).line())
        .isEqualTo("ticket " + first + " timed out: still running after 0.5 s");
    assertThat(seen).hasSize(3);
    assertThat(OutcomeTable.total(outcomes))
        .isEqualTo("3 tickets: 0 succeeded, 0 failed, 3 timed out");

    activities.release();
    List<TicketOutcome> later = poller.awaitOutcomes(result, WAIT);
    assertThat(later).allMatch(o -> o.status() == Status.SUCCEEDED);
    assertThat(
            client
                .newUntypedWorkflowStub(result.startedRuns().get(0).workflowId())
                .describe()
                .getStatus())
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
  }

  @Test
  void outcomesArriveThroughTheCallbackAsEachRunEnds() {
    List<Integer> ids = addTickets(4);
    activities.failOnce.add(ids.get(1) + "/add_asset");
    ReportPoller poller = poller();
    List<TicketOutcome> seen = Collections.synchronizedList(new ArrayList<>());

    List<TicketOutcome> outcomes = poller.awaitOutcomes(poller.pollOnce(), WAIT, seen::add);
    assertThat(seen).containsExactlyInAnyOrderElementsOf(outcomes);
    List<String> table = OutcomeTable.lines(outcomes);
    assertThat(table.get(0)).matches("TICKET +STATUS +ACTIONS");
    assertThat(table)
        .anySatisfy(
            l ->
                assertThat(l)
                    .matches(
                        ids.get(1)
                            + " +failed +add_asset FAILED, find_active_tickets completed,"
                            + " summary_comment completed"))
        .anySatisfy(l -> assertThat(l).contains(ADD.actionId() + ": ").contains("TDX rejected"))
        .last()
        .isEqualTo("4 tickets: 3 succeeded, 1 failed, 0 timed out");
    assertThat(outcomes.get(1).line())
        .startsWith("ticket " + ids.get(1) + " failed: " + ADD.actionId());
  }

  @Test
  void metricsShowTheLastPollAndCountErrors() {
    addTickets(4);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ReportPoller poller =
        poller(
            b -> b,
            activities.tracker(ledgerQueries),
            null,
            new MicrometerPollMetrics(registry, REPORT));
    poller.awaitOutcomes(poller.pollOnce(), WAIT);
    assertThat(registry.get("tqd.poll.tickets").tag("state", "found").gauge().value()).isEqualTo(4);
    assertThat(registry.get("tqd.poll.tickets").tag("state", "started").gauge().value())
        .isEqualTo(4);

    poller.pollOnce();
    assertThat(registry.get("tqd.poll.tickets").tag("state", "started").gauge().value()).isZero();
    assertThat(registry.get("tqd.poll.tickets").tag("state", "done").gauge().value()).isEqualTo(4);

    sandbox.faults().templates(Set.of(REPORT_TEMPLATE)).serverErrorShare(1.0);
    poller.pollOnce();
    assertThat(registry.get("tqd.poll.errors").tag("kind", "report").counter().count())
        .isEqualTo(1);
    assertThat(registry.get("tqd.polls").counter().count()).isEqualTo(3);
  }

  @Test
  void thePrePollHookRunsOnceEachPollAndItsFailureDoesNotStopThePoll() {
    addTickets(2);
    AtomicInteger hookCalls = new AtomicInteger();
    ReportPoller poller =
        poller(
            b -> b,
            activities.tracker(ledgerQueries),
            () -> {
              if (hookCalls.incrementAndGet() == 1) {
                throw new IllegalStateException("asset index refresh failed");
              }
            },
            null);
    assertThat(poller.pollOnce().started()).isEqualTo(2);
    poller.pollOnce();
    assertThat(hookCalls).hasValue(2);
  }

  @Test
  void whenTemporalIsUnreachableThePollStopsStartingAndSaysSo() throws Exception {
    addTickets(3);
    int closedPort;
    try (java.net.ServerSocket socket =
        new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder()
                .setTarget("127.0.0.1:" + closedPort)
                .setSystemInfoTimeout(Duration.ofMillis(300))
                .setRpcTimeout(Duration.ofMillis(500))
                .setRpcRetryOptions(
                    RpcRetryOptions.newBuilder()
                        .setMaximumAttempts(1)
                        .setExpiration(Duration.ofSeconds(2))
                        .build())
                .build());
    try {
      ReportPoller poller =
          new ReportPoller(
              WorkflowClient.newInstance(stubs),
              tdx,
              WorkTracker.everyTicket(),
              StarterOptions.newBuilder(REPORT, PIPELINE).setStartConcurrency(1).build());
      PollResult result = poller.pollOnce();
      assertThat(result.startErrors()).isEqualTo(1);
      assertThat(result.notStarted()).isEqualTo(2);
      assertThat(result.tickets().get(0).message()).startsWith("Temporal is unreachable");
      assertThat(result.succeeded()).isFalse();
      assertThat(result.line()).contains("start errors 1, not started 2");
    } finally {
      stubs.shutdownNow();
    }
  }
}
