package org.tqd.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tqd.activities.ledger.ActionState;
import org.tqd.activities.ledger.ActionStatus;
import org.tqd.activities.ledger.PauseSwitch;
import org.tqd.starter.PollResult;
import org.tqd.starter.ReportPoller;
import org.tqd.starter.StarterOptions;
import org.tqd.starter.TicketOutcome;
import org.tqd.workflows.TicketRun;
import org.tqd.workflows.action.Pipeline;
import org.tqd.workflows.pipeline.PipelineDefinition;
import org.tqd.workflows.pipeline.PipelineFile;
import org.tqd.workflows.pipeline.PipelineLoader;

/**
 * The kill switch and the write budget end to end, with real parts: the TDX sandbox over HTTP, the
 * app's wiring (embedded Temporal test server, worker, ledger and pause switch in PostgreSQL) and
 * the report poller as {@code tqd run} builds it.
 */
class SafetySwitchesEndToEndTest {

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

  private static Scenario scenario(int tickets) throws SQLException {
    return new Scenario(
            Scenario.sandbox(tickets, 7).build().start(),
            postgres.newDatabase(),
            TicketRun.DEFAULT_MAX_RUNS_BEFORE_PARK)
        .start();
  }

  private static ReportPoller poller(Scenario s, PipelineDefinition def, boolean honourPause) {
    StarterOptions.Builder options =
        StarterOptions.newBuilder(
                def.reportId() == null ? s.sandbox.reportId() : def.reportId(), def.pipeline())
            .setMaxRunsBeforePark(def.maxRunsBeforePark());
    if (honourPause) {
      options.setPauseCheck(s.services.pauseCheck());
    }
    return s.services.poller(options.build(), null);
  }

  private static PipelineFile file(String yaml) throws Exception {
    return PipelineLoader.parseFile(yaml, "pipelines.yaml");
  }

  private static long comments(Scenario s, int ticket, String text) {
    return s.sandbox.state(ticket).feed().stream()
        .filter(f -> f.body() != null && f.body().contains(text))
        .count();
  }

  @Test
  void aPausedStarterStartsNothingAndResumeStartsAgain() throws Exception {
    try (Scenario s = scenario(3)) {
      PipelineDefinition def =
          PipelineLoader.parse(
              "actions:\n  - type: comment\n    params: {comment_text: Hello from tqd}\n",
              "pipeline.yaml");
      ReportPoller poller = poller(s, def, true);
      PauseSwitch pauses = s.services.pauseSwitch();
      pauses.pause(null, "test", "maintenance");
      s.sandbox.resetCalls();

      PollResult paused = poller.pollOnce();
      assertThat(paused.paused()).contains("every pipeline paused by test", "maintenance");
      assertThat(paused.started()).isZero();
      assertThat(paused.line()).contains("paused (").contains("no workflows started");
      assertThat(s.sandbox.calls()).as("a paused poll does not even read the report").isEmpty();

      pauses.resume(null, "test", null);
      Scenario.Round round = Scenario.round(poller);
      assertThat(round.poll().paused()).isNull();
      assertThat(round.poll().started()).isEqualTo(3);
      for (int id : s.sandbox.reportTickets()) {
        assertThat(comments(s, id, "Hello from tqd")).isEqualTo(1);
      }
    }
  }

  @Test
  void aPausedWorkerWritesNothingAndTheFirstRunAfterResumeWrites() throws Exception {
    try (Scenario s = scenario(3)) {
      PipelineDefinition def =
          PipelineLoader.parse(
              "actions:\n"
                  + "  - type: comment\n"
                  + "    params: {comment_text: Written once}\n"
                  + "  - type: summary_comment\n",
              "pipeline.yaml");
      // A starter that does not ask the switch stands for runs started before the pause.
      ReportPoller poller = poller(s, def, false);
      s.services.pauseSwitch().pause(null, "test", null);
      s.sandbox.resetCalls();

      Scenario.Round held = Scenario.round(poller);
      assertThat(held.poll().started()).isEqualTo(3);
      assertThat(held.outcomes())
          .allSatisfy(o -> assertThat(o.status()).isEqualTo(TicketOutcome.Status.FAILED));
      assertThat(s.writeCalls()).as("TDX writes while paused").isEmpty();
      int ticket = s.sandbox.reportTickets().get(0);
      assertThat(s.services.ledger().loadStates(ticket, def.pipeline().actionIds()))
          .as("a held action leaves no ledger row: it costs no run")
          .isEmpty();

      s.services.pauseSwitch().resume(null, "test", null);
      Scenario.Round after = Scenario.round(poller);
      assertThat(after.poll().started()).isEqualTo(3);
      assertThat(after.outcomes())
          .allSatisfy(o -> assertThat(o.status()).isEqualTo(TicketOutcome.Status.SUCCEEDED));
      for (int id : s.sandbox.reportTickets()) {
        assertThat(comments(s, id, "Written once")).isEqualTo(1);
        assertThat(s.services.ledger().loadStates(id, def.pipeline().actionIds()).values())
            .hasSize(2)
            .allSatisfy(
                r -> assertThat(r.status()).isIn(ActionStatus.COMPLETED, ActionStatus.SKIPPED));
      }
    }
  }

  @Test
  void pausingOnePipelineLeavesTheOtherRunning() throws Exception {
    try (Scenario s = scenario(2)) {
      int report = s.sandbox.reportId();
      PipelineFile file =
          file(
              "pipelines:\n"
                  + "  - name: laptops\n"
                  + "    report_id: "
                  + report
                  + "\n"
                  + "    actions:\n"
                  + "      - type: comment\n"
                  + "        params: {comment_text: From laptops}\n"
                  + "  - name: printers\n"
                  + "    report_id: "
                  + report
                  + "\n"
                  + "    actions:\n"
                  + "      - type: comment\n"
                  + "        params: {comment_text: From printers}\n");
      ReportPoller laptops = poller(s, file.named("laptops").orElseThrow(), true);
      ReportPoller printers = poller(s, file.named("printers").orElseThrow(), true);
      s.services.pauseSwitch().pause("laptops", "test", null);

      PollResult pausedPoll = laptops.pollOnce();
      assertThat(pausedPoll.paused()).contains("pipeline laptops");
      assertThat(pausedPoll.line()).contains("pipeline laptops");
      Scenario.Round running = Scenario.round(printers);
      assertThat(running.poll().started()).isEqualTo(2);
      for (int id : s.sandbox.reportTickets()) {
        assertThat(comments(s, id, "From printers")).isEqualTo(1);
        assertThat(comments(s, id, "From laptops")).isZero();
      }
      // Runs of the paused pipeline started anyway (a starter that did not ask) write nothing.
      Scenario.Round held = Scenario.round(poller(s, file.named("laptops").orElseThrow(), false));
      assertThat(held.poll().started()).isEqualTo(2);
      for (int id : s.sandbox.reportTickets()) {
        assertThat(comments(s, id, "From laptops")).isZero();
      }
      assertThat(running.outcomes().get(0).workflowId())
          .startsWith("tqd:")
          .endsWith(file.named("printers").orElseThrow().pipeline().pipelineId());
    }
  }

  @Test
  void pastTheWriteBudgetTheRestParksAndTheSummarySaysSo() throws Exception {
    try (Scenario s = scenario(1)) {
      PipelineDefinition def =
          PipelineLoader.parse(
              "max_writes_per_ticket_per_day: 1\n"
                  + "actions:\n"
                  + "  - type: comment\n"
                  + "    params: {comment_text: First write}\n"
                  + "  - type: comment\n"
                  + "    params: {comment_text: Second write}\n"
                  + "  - type: summary_comment\n",
              "pipeline.yaml");
      assertThat(def.pipeline().maxWritesPerTicketPerDay()).isEqualTo(1);
      ReportPoller poller = poller(s, def, true);
      int ticket = s.sandbox.reportTickets().get(0);

      Scenario.Round round = Scenario.round(poller);
      assertThat(round.outcomes())
          .singleElement()
          .satisfies(o -> assertThat(o.status()).isEqualTo(TicketOutcome.Status.FAILED));
      assertThat(comments(s, ticket, "First write")).isEqualTo(1);
      assertThat(comments(s, ticket, "Second write")).isZero();
      Map<String, ActionState> rows =
          s.services.ledger().loadStates(ticket, def.pipeline().actionIds());
      ActionState second = rows.get(def.pipeline().actionIds().get(1));
      assertThat(second.status()).isEqualTo(ActionStatus.FAILED);
      assertThat(second.isParked(TicketRun.DEFAULT_MAX_RUNS_BEFORE_PARK)).isTrue();
      assertThat(second.errorMessage())
          .contains("max_writes_per_ticket_per_day: 1", "tqd retry " + ticket);
      assertThat(s.summaries(ticket))
          .as("the summary is exempt and names the parked action")
          .isEqualTo(1);
      assertThat(
              s.sandbox.state(ticket).feed().stream()
                  .filter(f -> f.body() != null && f.body().contains("Automated Actions Summary"))
                  .findFirst()
                  .orElseThrow()
                  .body())
          .contains("max_writes_per_ticket_per_day");

      // The next poll leaves the parked action alone: no new write.
      s.sandbox.resetCalls();
      Scenario.Round again = Scenario.round(poller);
      assertThat(again.poll().started()).isZero();
      assertThat(s.writeCalls()).isEmpty();
    }
  }

  @Test
  void identicalActionsInTwoPipelinesRunOncePerTicket() throws Exception {
    try (Scenario s = scenario(2)) {
      int report = s.sandbox.reportId();
      String action =
          "    actions:\n      - type: comment\n        params: {comment_text: Shared}\n";
      PipelineFile file =
          file(
              "pipelines:\n  - name: a\n    report_id: "
                  + report
                  + "\n"
                  + action
                  + "  - name: b\n    interval: 5m\n    report_id: "
                  + report
                  + "\n"
                  + action);
      Pipeline a = file.named("a").orElseThrow().pipeline();
      Pipeline b = file.named("b").orElseThrow().pipeline();
      assertThat(a.actionIds()).isEqualTo(b.actionIds());
      assertThat(a.pipelineId()).isNotEqualTo(b.pipelineId());

      Scenario.Round first = Scenario.round(poller(s, file.named("a").orElseThrow(), true));
      assertThat(first.poll().started()).isEqualTo(2);
      Scenario.Round second = Scenario.round(poller(s, file.named("b").orElseThrow(), true));
      assertThat(second.poll().started()).as("the ledger has the action done").isZero();
      for (int id : s.sandbox.reportTickets()) {
        assertThat(comments(s, id, "Shared")).isEqualTo(1);
      }
    }
  }

  @Test
  void theStandardPipelineWritesNothingWhilePausedAndEverythingAfter() throws Exception {
    try (Scenario s = scenario(4)) {
      PipelineDefinition def = org.tqd.workflows.pipeline.StandardPipeline.definition();
      ReportPoller poller = poller(s, def, false);
      Map<Integer, org.tqd.sandbox.TicketState> before = s.states();
      s.services.pauseSwitch().pause(null, "test", "change freeze");
      s.sandbox.resetCalls();

      Scenario.Round held = Scenario.round(poller);
      assertThat(held.poll().started()).isEqualTo(4);
      assertThat(s.writeCalls()).as("TDX writes while paused").isEmpty();
      for (int id : s.sandbox.reportTickets()) {
        assertThat(s.services.ledger().loadStates(id, def.pipeline().actionIds()))
            .as("no claim while paused, so no run is counted")
            .isEmpty();
      }

      s.services.pauseSwitch().resume(null, "test", null);
      Scenario.Round after = Scenario.round(poller);
      assertThat(after.outcomes())
          .allSatisfy(o -> assertThat(o.status()).isEqualTo(TicketOutcome.Status.SUCCEEDED));
      for (int id : s.sandbox.reportTickets()) {
        assertThat(s.added(id, before))
            .as("ticket %d gets its assets after resume", id)
            .isEqualTo(s.sandbox.truth(id).expectedAssetIds().stream().sorted().toList());
        assertThat(s.summaries(id)).isEqualTo(1);
      }
    }
  }
}
