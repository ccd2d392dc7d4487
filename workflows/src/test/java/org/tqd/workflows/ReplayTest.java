package org.tqd.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tqd.workflows.action.ActionSpec;
import org.tqd.workflows.action.Pipeline;
import org.tqd.workflows.activities.TaskQueues;

/**
 * Replays saved histories of earlier versions of {@link TicketWorkflowImpl}: a change that would
 * break running workflows fails here. Histories live in {@code src/test/resources/histories}; to
 * save a new one after an intentional, versioned change run this class with {@code
 * -Dtqd.saveHistory=true}.
 */
class ReplayTest {

  private static final Path SAVED = Path.of("src/test/resources/histories");

  @Test
  void savedHistoriesReplay() throws Exception {
    List<Path> files;
    try (var list = Files.list(SAVED)) {
      files = list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    assertThat(files).isNotEmpty();
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      // A loaded build machine can take over a second for the first replay's class loading; that
      // is not a deadlock of the workflow code.
      Worker replayer =
          env.newWorker(
              "replay",
              io.temporal.worker.WorkerOptions.newBuilder()
                  .setDefaultDeadlockDetectionTimeout(60_000)
                  .build());
      replayer.registerWorkflowImplementationTypes(TicketWorkflowImpl.class);
      for (Path file : files) {
        WorkflowExecutionHistory history =
            WorkflowExecutionHistory.fromJson(Files.readString(file, StandardCharsets.UTF_8));
        try {
          WorkflowReplayer.replayWorkflowExecution(history, replayer);
        } catch (Exception | Error e) {
          throw new AssertionError("history " + file.getFileName() + " does not replay", e);
        }
      }
    }
  }

  @Test
  void aFreshRunReplaysAndCanBeSaved() throws Exception {
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      FakeActivities fake = new FakeActivities();
      fake.failNonRetryable.put(TicketWorkflowTest.FIND.actionId(), "TDX said no");
      Worker tickets = env.newWorker(TaskQueues.TICKETS);
      tickets.registerWorkflowImplementationTypes(TicketWorkflowImpl.class);
      tickets.registerActivitiesImplementations(new LedgerOnly(fake));
      env.newWorker(TaskQueues.TDX).registerActivitiesImplementations(new TdxOnly(fake));
      env.start();
      WorkflowClient client = env.getWorkflowClient();
      TicketRun run = new TicketRun(101, 1344, "Laptop", TicketWorkflowTest.STANDARD, false, 3);
      TicketWorkflow wf =
          client.newWorkflowStub(
              TicketWorkflow.class,
              WorkflowOptions.newBuilder()
                  .setTaskQueue(TaskQueues.TICKETS)
                  .setWorkflowId(run.workflowId())
                  .build());
      WorkflowClient.start(wf::run, run);
      try {
        io.temporal.client.WorkflowStub.fromTyped(wf).getResult(TicketRunResult.class);
      } catch (io.temporal.client.WorkflowFailedException expected) {
        // one action fails on purpose, so the history covers the failure path too
      }
      WorkflowExecutionHistory history = client.fetchHistory(run.workflowId());
      WorkflowReplayer.replayWorkflowExecution(history, TicketWorkflowImpl.class);
      if (Boolean.getBoolean("tqd.saveHistory")) {
        Files.createDirectories(SAVED);
        Files.writeString(SAVED.resolve("ticket-run-v1.json"), history.toJson(true));
      }
    }
  }

  /**
   * The paths of version {@code ledger-decides}: a false condition recorded as not applicable, a
   * ledger outage outlasting an action's retries waited out, and a failed action. Saved as {@code
   * ticket-run-v2-ledger-decides.json}.
   */
  @Test
  void aRunOfEveryLedgerDecidesPathReplaysAndCanBeSaved() throws Exception {
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      FakeActivities fake = new FakeActivities();
      ActionSpec onlyIn117 =
          TicketWorkflowTest.spec(
              "comment",
              "dddddddddddd",
              false,
              new org.tqd.workflows.action.ActionCondition(List.of(117), null, null, null));
      ActionSpec assign = TicketWorkflowTest.spec("assign", "eeeeeeeeeeee", false, null);
      fake.ledgerDownCalls.put(TicketWorkflowTest.ADD.actionId(), 8);
      fake.failNonRetryable.put(assign.actionId(), "TDX said no");
      Worker tickets = env.newWorker(TaskQueues.TICKETS);
      tickets.registerWorkflowImplementationTypes(TicketWorkflowImpl.class);
      tickets.registerActivitiesImplementations(new LedgerOnly(fake));
      env.newWorker(TaskQueues.TDX).registerActivitiesImplementations(new TdxOnly(fake));
      env.start();
      WorkflowClient client = env.getWorkflowClient();
      Pipeline pipeline =
          Pipeline.of(
              List.of(TicketWorkflowTest.ADD, onlyIn117, assign, TicketWorkflowTest.SUMMARY));
      TicketRun run = new TicketRun(102, 1344, "Laptop", pipeline, false, 3);
      TicketWorkflow wf =
          client.newWorkflowStub(
              TicketWorkflow.class,
              WorkflowOptions.newBuilder()
                  .setTaskQueue(TaskQueues.TICKETS)
                  .setWorkflowId(run.workflowId())
                  .build());
      WorkflowClient.start(wf::run, run);
      try {
        io.temporal.client.WorkflowStub.fromTyped(wf).getResult(TicketRunResult.class);
      } catch (io.temporal.client.WorkflowFailedException expected) {
        // assign fails on purpose
      }
      assertThat(fake.notApplicable).hasSize(1);
      WorkflowExecutionHistory history = client.fetchHistory(run.workflowId());
      WorkflowReplayer.replayWorkflowExecution(history, TicketWorkflowImpl.class);
      if (Boolean.getBoolean("tqd.saveHistory")) {
        Files.createDirectories(SAVED);
        Files.writeString(SAVED.resolve("ticket-run-v2-ledger-decides.json"), history.toJson(true));
      }
    }
  }
}
