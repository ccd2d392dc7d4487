package org.tqd.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tqd.workflows.action.ActionCondition;
import org.tqd.workflows.action.ActionSpec;
import org.tqd.workflows.action.Pipeline;
import org.tqd.workflows.activities.ActionResult.Outcome;
import org.tqd.workflows.activities.LedgerActivities.LedgerState;
import org.tqd.workflows.activities.TaskQueues;

class TicketWorkflowTest {

  private TestWorkflowEnvironment env;
  private FakeActivities fake;
  private WorkflowClient client;

  static ActionSpec spec(String type, String hash, boolean stopOnFailure, ActionCondition when) {
    return new ActionSpec(
        type,
        "v1",
        type + ":" + hash + ":v1",
        hash.repeat(6).substring(0, 64),
        Map.of(),
        stopOnFailure,
        when);
  }

  static final ActionSpec ADD = spec("add_asset", "aaaaaaaaaaaa", false, null);
  static final ActionSpec FIND = spec("find_active_tickets", "bbbbbbbbbbbb", false, null);
  static final ActionSpec SUMMARY = spec("summary_comment", "cccccccccccc", false, null);
  static final Pipeline STANDARD = Pipeline.of(List.of(ADD, FIND, SUMMARY));

  @BeforeEach
  void start() {
    env = TestWorkflowEnvironment.newInstance();
    fake = new FakeActivities();
    Worker tickets = env.newWorker(TaskQueues.TICKETS);
    tickets.registerWorkflowImplementationTypes(TicketWorkflowImpl.class);
    tickets.registerActivitiesImplementations(new LedgerOnly(fake));
    Worker tdx = env.newWorker(TaskQueues.TDX);
    tdx.registerActivitiesImplementations(new TdxOnly(fake));
    env.start();
    client = env.getWorkflowClient();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  private TicketWorkflow stub(TicketRun run) {
    return client.newWorkflowStub(
        TicketWorkflow.class,
        WorkflowOptions.newBuilder()
            .setTaskQueue(TaskQueues.TICKETS)
            .setWorkflowId(run.workflowId())
            .build());
  }

  private static TicketRun run(Pipeline pipeline, boolean dryRun) {
    return new TicketRun(101, 1344, "Laptop", pipeline, dryRun, 3);
  }

  @Test
  void aTimeBasedConditionHoldsOnceEnoughTimeHasPassedOnTemporalsClock() {
    java.time.Instant created = java.time.Instant.parse("2026-01-01T00:00:00Z");
    long hoursOld =
        java.time.Duration.between(created, java.time.Instant.ofEpochMilli(env.currentTimeMillis()))
            .toHours();
    ActionCondition olderThan =
        ActionCondition.of(
            org.tqd.workflows.rules.Condition.age(
                "CreatedDate", "more_than", (hoursOld + 1) + "h", null));
    ActionSpec escalate = spec("change_status", "dddddddddddd", false, olderThan);
    Pipeline pipeline = Pipeline.of(List.of(escalate));

    TicketRunResult first = stub(run(pipeline, false)).run(run(pipeline, false));
    assertThat(first.results().get(0).outcome()).isEqualTo(Outcome.NOT_APPLICABLE);
    assertThat(fake.executed).isEmpty();

    env.sleep(java.time.Duration.ofHours(2));
    TicketRunResult second = stub(run(pipeline, false)).run(run(pipeline, false));
    assertThat(second.results().get(0).outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(fake.executed).containsExactly(escalate.actionId());
  }

  @Test
  void aColumnConditionReadsTheReportRowOfTheRun() {
    ActionCondition desktop =
        ActionCondition.of(org.tqd.workflows.rules.Condition.column("Queue", "equals", "Desktop"));
    ActionSpec comment = spec("comment", "eeeeeeeeeeee", false, desktop);
    Pipeline pipeline = Pipeline.of(List.of(comment));
    TicketRun servers =
        new TicketRun(101, 1344, "Laptop", pipeline, false, 3, Map.of("Queue", "Servers"));
    assertThat(stub(servers).run(servers).results().get(0).outcome())
        .isEqualTo(Outcome.NOT_APPLICABLE);
    TicketRun desk =
        new TicketRun(101, 1344, "Laptop", pipeline, false, 3, Map.of("Queue", "Desktop"));
    assertThat(stub(desk).run(desk).results().get(0).outcome()).isEqualTo(Outcome.COMPLETED);
  }

  @Test
  void runsEveryActionInOrderAndSharesContext() {
    TicketRunResult result = stub(run(STANDARD, false)).run(run(STANDARD, false));
    assertThat(result.succeeded()).isTrue();
    assertThat(fake.executed).containsExactly(ADD.actionId(), FIND.actionId(), SUMMARY.actionId());
    assertThat(fake.requests.get(2).context().summaries())
        .containsExactly("summary of " + ADD.actionId(), "summary of " + FIND.actionId());
    assertThat(fake.requests.get(2).earlierActionIds())
        .containsExactly(ADD.actionId(), FIND.actionId());
  }

  @Test
  void skipsActionsTheLedgerHasDoneAndReadsNoTicketWhenAllAreDone() {
    fake.ledger.put("101/" + ADD.actionId(), new LedgerState("completed", 0, false));
    TicketRunResult result = stub(run(STANDARD, false)).run(run(STANDARD, false));
    assertThat(result.results().get(0).outcome()).isEqualTo(Outcome.ALREADY_DONE);
    assertThat(fake.executed).containsExactly(FIND.actionId(), SUMMARY.actionId());
  }

  @Test
  void aFailedActionDoesNotStopTheNextButFailsTheRun() {
    fake.failNonRetryable.put(FIND.actionId(), "TDX said no");
    TicketRun run = run(STANDARD, false);
    assertThatThrownBy(() -> stub(run).run(run))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(TicketWorkflow.FAILURE_TYPE);
              TicketRunResult details = f.getDetails().get(TicketRunResult.class);
              assertThat(details.results())
                  .extracting(r -> r.outcome())
                  .containsExactly(Outcome.COMPLETED, Outcome.FAILED, Outcome.COMPLETED);
            });
    assertThat(fake.executed).containsExactly(ADD.actionId(), FIND.actionId(), SUMMARY.actionId());
    assertThat(fake.failures)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.actionId()).isEqualTo(FIND.actionId());
              assertThat(f.errorMessage()).contains("TDX said no");
              assertThat(f.workflowId()).isEqualTo(run.workflowId());
            });
  }

  @Test
  void stopOnFailureSkipsTheRest() {
    ActionSpec gate = spec("comment", "dddddddddddd", true, null);
    Pipeline pipeline = Pipeline.of(List.of(gate, SUMMARY));
    fake.failNonRetryable.put(gate.actionId(), "bad");
    TicketRun run = run(pipeline, false);
    assertThatThrownBy(() -> stub(run).run(run)).isInstanceOf(WorkflowFailedException.class);
    assertThat(fake.executed).containsExactly(gate.actionId());
  }

  @Test
  void parkedActionsAreNotRun() {
    fake.ledger.put("101/" + ADD.actionId(), new LedgerState("failed", 3, true));
    TicketRun run = run(STANDARD, false);
    assertThatThrownBy(() -> stub(run).run(run)).isInstanceOf(WorkflowFailedException.class);
    assertThat(fake.executed).containsExactly(FIND.actionId(), SUMMARY.actionId());
  }

  @Test
  void conditionsSelectTickets() {
    ActionSpec onlyClosed =
        spec("comment", "eeeeeeeeeeee", false, new ActionCondition(List.of(999), null, null, null));
    ActionSpec onlyLaptops =
        spec(
            "change_status",
            "ffffffffffff",
            false,
            new ActionCondition(null, null, null, "(?i)laptop"));
    Pipeline pipeline = Pipeline.of(List.of(onlyClosed, onlyLaptops));
    TicketRunResult result = stub(run(pipeline, false)).run(run(pipeline, false));
    assertThat(result.results())
        .extracting(r -> r.outcome())
        .containsExactly(Outcome.NOT_APPLICABLE, Outcome.COMPLETED);
  }

  @Test
  void aMissingTicketFailsEveryPendingActionAndRecordsIt() {
    fake.ticketMissing = true;
    TicketRun run = run(STANDARD, false);
    assertThatThrownBy(() -> stub(run).run(run)).isInstanceOf(WorkflowFailedException.class);
    assertThat(fake.executed).isEmpty();
    assertThat(fake.failures)
        .hasSize(3)
        .allSatisfy(f -> assertThat(f.errorMessage()).contains("TdxNotFound"));
  }

  @Test
  void dryRunRecordsNoFailureAndPlans() {
    fake.failNonRetryable.put(FIND.actionId(), "bad");
    TicketRun run = run(STANDARD, true);
    assertThat(run.workflowId()).startsWith("tqd-dry:101:");
    assertThatThrownBy(() -> stub(run).run(run)).isInstanceOf(WorkflowFailedException.class);
    assertThat(fake.failures).isEmpty();
  }

  @Test
  void progressQueryReportsEachAction() {
    TicketRun run = run(STANDARD, false);
    TicketWorkflow wf = stub(run);
    WorkflowClient.start(wf::run, run);
    WorkflowStub.fromTyped(wf).getResult(TicketRunResult.class);
    TicketProgress progress = wf.progress();
    assertThat(progress.pipelineId()).isEqualTo(STANDARD.pipelineId());
    assertThat(progress.actions())
        .extracting(a -> a.state())
        .containsOnly(TicketProgress.State.DONE);
  }

  @Test
  void aFalseConditionIsRecordedAsNotApplicableSoLaterRunsEvaluateItAgain() {
    ActionSpec onlyIn117 =
        spec("comment", "dddddddddddd", false, new ActionCondition(List.of(117), null, null, null));
    Pipeline pipeline = Pipeline.of(List.of(ADD, onlyIn117, SUMMARY));
    TicketRun run = run(pipeline, false);

    TicketRunResult result = stub(run).run(run);

    assertThat(result.succeeded()).isTrue();
    assertThat(result.results().get(1).outcome()).isEqualTo(Outcome.NOT_APPLICABLE);
    assertThat(fake.notApplicable)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.actionId()).isEqualTo(onlyIn117.actionId());
              assertThat(r.condition()).isEqualTo("status in [117]");
              assertThat(r.workflowId()).isEqualTo(run.workflowId());
              // dated by Temporal's clock, which the starter's recheck interval counts from
              assertThat(r.evaluatedAtMillis()).isNotNull().isPositive();
            });
    assertThat(fake.failures).isEmpty();
  }

  @Test
  void aDryRunRecordsNoNotApplicableDecision() {
    ActionSpec onlyIn117 =
        spec("comment", "dddddddddddd", false, new ActionCondition(List.of(117), null, null, null));
    TicketRun run = run(Pipeline.of(List.of(onlyIn117, SUMMARY)), true);
    stub(run).run(run);
    assertThat(fake.notApplicable).isEmpty();
  }

  @Test
  void aLedgerOutageOutlastingAnActionsRetriesIsWaitedOutAndNeverRecordedAsAFailure() {
    fake.ledgerDownCalls.put(FIND.actionId(), 8); // every attempt of the first activity
    TicketRun run = run(STANDARD, false);

    TicketRunResult result = stub(run).run(run);

    assertThat(result.succeeded()).isTrue();
    assertThat(result.results().get(1).outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(fake.failures).isEmpty();
    assertThat(fake.executed.stream().filter(FIND.actionId()::equals)).hasSize(9);
  }

  @Test
  void aDoneSummaryIsCalledAgainWhenAnEarlierActionCompletesInALaterRun() {
    fake.ledger.put("101/" + ADD.actionId(), new LedgerState("completed", 1, false));
    fake.ledger.put("101/" + SUMMARY.actionId(), new LedgerState("completed", 1, false));
    fake.ledger.put("101/" + FIND.actionId(), new LedgerState("not_applicable", 0, false));
    TicketRun run = run(STANDARD, false);

    stub(run).run(run);

    assertThat(fake.executed).containsExactly(FIND.actionId(), SUMMARY.actionId());
  }

  @Test
  void aDoneSummaryIsNotCalledWhenNothingRanBeforeIt() {
    fake.ledger.put("101/" + ADD.actionId(), new LedgerState("completed", 1, false));
    fake.ledger.put("101/" + SUMMARY.actionId(), new LedgerState("completed", 1, false));
    fake.failNonRetryable.put(FIND.actionId(), "TDX said no");
    TicketRun run = run(STANDARD, false);

    assertThatThrownBy(() -> stub(run).run(run)).isInstanceOf(WorkflowFailedException.class);

    assertThat(fake.executed).containsExactly(FIND.actionId());
  }

  @Test
  void aCancelledRunRecordsTheActionItWasRunningSoNoClaimIsLeftInProgress() throws Exception {
    fake.blockOn = FIND.actionId();
    TicketRun run = run(STANDARD, false);
    TicketWorkflow wf = stub(run);
    WorkflowClient.start(wf::run, run);
    assertThat(fake.blocking.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

    WorkflowStub.fromTyped(wf).cancel();

    assertThatThrownBy(() -> WorkflowStub.fromTyped(wf).getResult(TicketRunResult.class))
        .isInstanceOf(WorkflowFailedException.class)
        .hasCauseInstanceOf(io.temporal.failure.CanceledFailure.class);
    assertThat(fake.failures)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.actionId()).isEqualTo(FIND.actionId());
              assertThat(f.errorMessage()).startsWith("Run cancelled by an operator");
            });
    assertThat(fake.executed).doesNotContain(SUMMARY.actionId());
  }

  @Test
  void theSummaryIsGivenWhichTicketNotWhatItSays() {
    TicketRun run = run(STANDARD, false);
    stub(run).run(run);

    assertThat(fake.requests.get(2).action().type()).isEqualTo("summary_comment");
    assertThat(fake.requests.get(2).ticket())
        .satisfies(
            t -> {
              assertThat(t.id()).isEqualTo(101);
              assertThat(t.title()).isNull();
              assertThat(t.description()).isNull();
              assertThat(t.requestorName()).isNull();
              assertThat(t.requestorEmail()).isNull();
            });
    assertThat(fake.requests.get(0).ticket().title()).isNotNull();
  }
}
