package org.tqd.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.api.common.v1.RetryPolicy;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.tqd.workflows.activities.FailureTypes;
import org.tqd.workflows.activities.LedgerActivities;
import org.tqd.workflows.activities.TaskQueues;
import org.tqd.workflows.activities.TicketActivities;

/**
 * {@code TQD_RETRY_SCALE}: the retry policies TicketWorkflow really schedules, read from its
 * history, with and without the setting. Without it they are the workflow's own (so {@link
 * RetryScale}'s copy of the base values is checked against the workflow's); with it only the
 * intervals change.
 */
class RetryScaleTest {

  private TestWorkflowEnvironment env;
  private TqdWorker worker;
  private final AtomicInteger addAssetAttempts = new AtomicInteger();

  @BeforeEach
  void start() {
    env = TestWorkflowEnvironment.newInstance();
    env.start();
  }

  @AfterEach
  void stop() {
    if (worker != null) {
      worker.close();
    }
    env.close();
  }

  @Test
  void withoutTheSettingTheWorkflowsOwnPoliciesApply() {
    Map<String, RetryPolicy> scheduled = run(1.0);

    assertThat(scheduled.keySet()).contains("LoadTicketState", "FetchTicket", "AddAssetAttach");
    assertPolicy(scheduled.get("FetchTicket"), RetryScale.TDX_RETRY);
    assertPolicy(scheduled.get("AddAssetAttach"), RetryScale.TDX_RETRY);
    assertPolicy(scheduled.get("LoadTicketState"), RetryScale.LEDGER_RETRY);
    assertThat(scheduled.get("AddAssetAttach").getMaximumAttempts()).isEqualTo(8);
    assertThat(scheduled.get("AddAssetAttach").getNonRetryableErrorTypesList())
        .containsExactlyInAnyOrderElementsOf(FailureTypes.NON_RETRYABLE);
  }

  @Test
  void aScaleShortensOnlyTheIntervals() {
    Map<String, RetryPolicy> scheduled = run(0.05);

    assertThat(seconds(scheduled.get("AddAssetAttach").getInitialInterval()))
        .isEqualTo(Duration.ofMillis(100));
    assertThat(seconds(scheduled.get("AddAssetAttach").getMaximumInterval()))
        .isEqualTo(Duration.ofSeconds(6));
    assertPolicy(scheduled.get("FetchTicket"), RetryScale.scaled(RetryScale.TDX_RETRY, 0.05));
    assertPolicy(scheduled.get("AddAssetAttach"), RetryScale.scaled(RetryScale.TDX_RETRY, 0.05));
    assertPolicy(
        scheduled.get("LoadTicketState"), RetryScale.scaled(RetryScale.LEDGER_RETRY, 0.05));
    assertThat(scheduled.get("AddAssetAttach").getMaximumAttempts()).isEqualTo(8);
    assertThat(scheduled.get("AddAssetAttach").getNonRetryableErrorTypesList())
        .containsExactlyInAnyOrderElementsOf(FailureTypes.NON_RETRYABLE);
    assertThat(addAssetAttempts).hasValue(2);
  }

  @Test
  void theScaleIsReadFromTheEnvironmentAndChecked() {
    assertThat(WorkerSettings.fromEnvironment(Map.of()).retryScale()).isEqualTo(1.0);
    assertThat(WorkerSettings.fromEnvironment(Map.of("TQD_RETRY_SCALE", "0.05")).retryScale())
        .isEqualTo(0.05);
    for (String bad : List.of("0", "-1", "2", "fast")) {
      assertThatThrownBy(() -> WorkerSettings.fromEnvironment(Map.of("TQD_RETRY_SCALE", bad)))
          .hasMessageContaining("TQD_RETRY_SCALE");
    }
    assertThat(RetryScale.workflowOptions(1.0).getActivityOptions()).isEmpty();
    assertThat(RetryScale.activityOptions(0.05))
        .containsKeys(
            "AddAsset",
            "Comment",
            "ChangeStatus",
            "Assign",
            "FindActiveTickets",
            "SummaryComment",
            "FetchTicket",
            "LoadTicketState",
            "RecordFailure",
            "RecordNotApplicable");
  }

  /** Runs a one-action pipeline whose action fails once, and returns each type's policy. */
  private Map<String, RetryPolicy> run(double scale) {
    worker =
        new TqdWorker(
            env.getWorkflowClient(),
            new ActivityImplementations(new Actions(), new Tickets(), new Ledger()),
            new WorkerSettings(50, 4, 4, 0, Duration.ofSeconds(10), Duration.ofSeconds(5), scale),
            null);
    worker.start();
    ActionSpec add =
        new ActionSpec(
            "add_asset", "v2", "add_asset:a6ee89781f2f:v2", "a".repeat(64), Map.of(), false, null);
    TicketRun run = new TicketRun(9, 1, "t", Pipeline.of(List.of(add)), false, 3);
    TicketWorkflow wf =
        env.getWorkflowClient()
            .newWorkflowStub(
                TicketWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setTaskQueue(TaskQueues.TICKETS)
                    .setWorkflowId(run.workflowId())
                    .build());
    WorkflowClient.start(wf::run, run);
    assertThat(WorkflowStub.fromTyped(wf).getResult(TicketRunResult.class).succeeded()).isTrue();
    Map<String, RetryPolicy> byType = new HashMap<>();
    for (HistoryEvent e :
        env.getWorkflowClient().fetchHistory(run.workflowId()).getHistory().getEventsList()) {
      if (e.hasActivityTaskScheduledEventAttributes()) {
        var a = e.getActivityTaskScheduledEventAttributes();
        byType.put(a.getActivityType().getName(), a.getRetryPolicy());
      }
    }
    return byType;
  }

  private static void assertPolicy(RetryPolicy actual, RetryOptions expected) {
    assertThat(seconds(actual.getInitialInterval())).isEqualTo(expected.getInitialInterval());
    assertThat(seconds(actual.getMaximumInterval())).isEqualTo(expected.getMaximumInterval());
    assertThat(actual.getBackoffCoefficient()).isEqualTo(expected.getBackoffCoefficient());
    assertThat(actual.getMaximumAttempts()).isEqualTo(expected.getMaximumAttempts());
    List<String> doNotRetry =
        expected.getDoNotRetry() == null ? List.of() : List.of(expected.getDoNotRetry());
    assertThat(actual.getNonRetryableErrorTypesList())
        .containsExactlyInAnyOrderElementsOf(doNotRetry);
  }

  private static Duration seconds(com.google.protobuf.Duration d) {
    return Duration.ofSeconds(d.getSeconds(), d.getNanos());
  }

  private final class Actions implements ActionActivities {
    private ActionResult done(ActionRequest r) {
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
      if (addAssetAttempts.incrementAndGet() == 1) {
        throw ApplicationFailure.newFailure("TDX answered 503", FailureTypes.SERVER_ERROR);
      }
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
    public Ticket fetchTicket(int id) {
      return new Ticket(
          id, 46, "t", "", 0, 0, 115, "Open", 1, null, null, null, null, 0, null, null);
    }

    @Override
    public String lastRequestorReply(int ticketId, String requestorUid) {
      return null;
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
