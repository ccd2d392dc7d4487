package org.tqd.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tqd.starter.ReportPoller;
import org.tqd.starter.StarterOptions;
import org.tqd.starter.TicketOutcome;
import org.tqd.workflows.TicketWorkflowImpl;
import org.tqd.workflows.action.ActionCondition;
import org.tqd.workflows.action.ActionSpec;
import org.tqd.workflows.action.ActionSpecs;
import org.tqd.workflows.action.Pipeline;
import org.tqd.workflows.activities.ActionResult;
import org.tqd.workflows.activities.ActionResult.Outcome;
import org.tqd.workflows.pipeline.StandardPipeline;

/**
 * Records, from real runs (the sandbox over HTTP, the ledger in PostgreSQL, the real activities),
 * one workflow history of every path of {@link TicketWorkflowImpl}: success, a failed action, a
 * parked action, a false condition, a dry run and a reclaimed write; and replays each against the
 * workflow code of this build. With {@code -Dtqd.saveHistory=true} the histories are written to
 * {@code workflows/src/test/resources/histories/real-v*-*.json}, where {@code ReplayTest} replays
 * them on every build, so a later change that would break workflows already running fails there.
 */
class HistoriesOfEveryPathTest {

  private static final Path SAVED = Path.of("../workflows/src/test/resources/histories");

  /**
   * The file name prefix of this recording. Bump it with each versioned workflow change, so the
   * histories of earlier versions stay and keep replaying: {@code real-v2-} recorded the {@code
   * ledger-decides} version, {@code real-v3-} the {@code add-asset-steps} one.
   */
  private static final String RECORDING = "real-v3-";

  private static E2ePostgres postgres;

  @BeforeAll
  static void startPostgres() throws IOException {
    postgres = E2ePostgres.start();
  }

  @AfterAll
  static void stopPostgres() throws IOException {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void everyPathRecordedFromARealRunReplays() throws Exception {
    Map<String, WorkflowExecutionHistory> histories = new LinkedHashMap<>();
    try (Scenario s =
        new Scenario(Scenario.sandbox(16, 17).build().start(), postgres.newDatabase(), 1).start()) {
      ActionSpec note =
          ActionSpecs.create(
              "comment",
              "v1",
              Map.of("comment_text", "Escalated"),
              false,
              // a type no ticket has, and the report has no TypeID column: evaluated again once
              // per recheck interval
              new ActionCondition(null, List.of(999_999), null, null));
      List<ActionSpec> actions = new ArrayList<>(StandardPipeline.get().actions());
      actions.add(1, note);
      Pipeline pipeline = Pipeline.of(actions);
      ReportPoller poller =
          s.services.poller(
              StarterOptions.newBuilder(s.sandbox.reportId(), pipeline)
                  .setMaxRunsBeforePark(1)
                  .setRecheckInterval(Duration.ofSeconds(1))
                  .build(),
              null);

      // Poll 1: asset links refused; tickets without a link to make succeed.
      s.sandbox.faults().forbiddenTemplates(Set.of("POST tickets/{id}/assets/{assetId}"));
      Scenario.Round first = Scenario.round(poller);
      TicketOutcome failed = find(first, o -> o.status() == TicketOutcome.Status.FAILED);
      TicketOutcome succeeded =
          find(
              first,
              o ->
                  o.status() == TicketOutcome.Status.SUCCEEDED
                      && o.actions().get(1).outcome() == Outcome.NOT_APPLICABLE);
      histories.put("failure", history(s, failed));
      histories.put("success-not-applicable", history(s, succeeded));
      s.sandbox.faults().reset();

      // Poll 2, after the recheck interval: the failed add_asset is parked (1 run allowed).
      Thread.sleep(1_100);
      Scenario.Round second = Scenario.round(poller);
      TicketOutcome parked =
          find(
              second,
              o ->
                  o.ticketId() == failed.ticketId()
                      && o.actions().stream().anyMatch(a -> a.outcome() == Outcome.PARKED));
      histories.put("parked", history(s, parked));

      // Poll 3, after `tqd retry`: the failed run's stored plan is reclaimed and checked in TDX.
      s.services.ledger().retry(failed.ticketId());
      Scenario.Round third = Scenario.round(poller);
      TicketOutcome reclaimed =
          find(
              third,
              o ->
                  o.ticketId() == failed.ticketId()
                      && o.status() == TicketOutcome.Status.SUCCEEDED
                      && o.actions().get(0).outcome() == Outcome.COMPLETED);
      histories.put("reclaimed-write", history(s, reclaimed));

      // A dry run.
      ReportPoller dry =
          s.services.poller(
              StarterOptions.newBuilder(s.sandbox.reportId(), StandardPipeline.get())
                  .setDryRun(true)
                  .build(),
              null);
      Scenario.Round planned = Scenario.round(dry);
      histories.put("dry-run", history(s, planned.outcomes().get(0)));
    }

    try (io.temporal.testing.TestWorkflowEnvironment env =
        io.temporal.testing.TestWorkflowEnvironment.newInstance()) {
      io.temporal.worker.Worker replayer =
          env.newWorker(
              "replay",
              io.temporal.worker.WorkerOptions.newBuilder()
                  .setDefaultDeadlockDetectionTimeout(60_000)
                  .build());
      replayer.registerWorkflowImplementationTypes(TicketWorkflowImpl.class);
      for (Map.Entry<String, WorkflowExecutionHistory> e : histories.entrySet()) {
        WorkflowReplayer.replayWorkflowExecution(e.getValue(), replayer);
      }
    }
    if (Boolean.getBoolean("tqd.saveHistory")) {
      Files.createDirectories(SAVED);
      for (Map.Entry<String, WorkflowExecutionHistory> e : histories.entrySet()) {
        Files.writeString(
            SAVED.resolve(RECORDING + e.getKey() + ".json"),
            e.getValue().toJson(true),
            StandardCharsets.UTF_8);
      }
    }
    assertThat(histories).hasSize(5);
  }

  private static TicketOutcome find(
      Scenario.Round round, java.util.function.Predicate<TicketOutcome> wanted) {
    return round.outcomes().stream()
        .filter(wanted)
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    "no such run in " + round.poll().line() + ": " + lines(round.outcomes())));
  }

  private static List<String> lines(List<TicketOutcome> outcomes) {
    return outcomes.stream()
        .map(
            o ->
                o.ticketId()
                    + " "
                    + o.status()
                    + " "
                    + o.actions().stream().map(ActionResult::outcome).toList())
        .toList();
  }

  /** The run's history with its payloads decrypted, as an unencrypted run writes it. */
  private static WorkflowExecutionHistory history(Scenario s, TicketOutcome outcome) {
    return PlainHistories.decode(
        s.services.client().fetchHistory(outcome.workflowId(), outcome.runId()));
  }
}
