package org.tqd.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tqd.activities.ledger.ActionState;
import org.tqd.activities.ledger.ActionStatus;
import org.tqd.sandbox.TdxSandbox;
import org.tqd.sandbox.TicketState;
import org.tqd.sandbox.TicketTruth;
import org.tqd.starter.PollResult;
import org.tqd.starter.ReportPoller;
import org.tqd.starter.TicketOutcome;
import org.tqd.workflows.TicketRun;
import org.tqd.workflows.action.ActionSpec;
import org.tqd.workflows.action.ActionSpecs;
import org.tqd.workflows.action.Pipeline;
import org.tqd.workflows.activities.ActionResult;
import org.tqd.workflows.pipeline.StandardPipeline;

/**
 * The whole pipeline in one JVM with real parts: the TDX sandbox over loopback HTTP, the app's
 * {@code Services} wiring (embedded Temporal test server, ledger in PostgreSQL), the worker, and
 * the report poller. These are the acceptance checks of the pipeline: the right assets, one
 * summary, a complete ledger, nothing done twice, nothing written in a dry run, the call budget,
 * the Python daemon's ledger honoured, and exactly-once effects under TDX faults.
 *
 * <p>One PostgreSQL server is shared by the class; every test gets its own database, sandbox and
 * Temporal server, so tests are independent.
 */
class PipelineEndToEndTest {

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

  private static String newDatabase() throws SQLException {
    return postgres.newDatabase();
  }

  private static Scenario scenario(TdxSandbox.Builder sandbox) throws SQLException {
    return new Scenario(
            sandbox.build().start(), newDatabase(), TicketRun.DEFAULT_MAX_RUNS_BEFORE_PARK)
        .start();
  }

  @Test
  void standardPipelineGivesEveryTicketItsTruthOneSummaryAndACompleteLedger() throws Exception {
    try (Scenario s = scenario(Scenario.sandbox(200, 1))) {
      Pipeline pipeline = StandardPipeline.get();
      ReportPoller poller = s.poller(pipeline, false);
      List<Integer> report = s.sandbox.reportTickets();
      assertThat(report).hasSize(200);
      Map<Integer, TicketState> before = s.states();

      long t0 = System.nanoTime();
      Scenario.Round first = Scenario.round(poller);
      double seconds = (System.nanoTime() - t0) / 1e9;
      long calls = s.sandbox.totalCalls();

      assertThat(first.poll().error()).isNull();
      assertThat(first.poll().started()).isEqualTo(200);
      assertThat(first.outcomes())
          .hasSize(200)
          .allSatisfy(
              o -> assertThat(o.status()).as(o.line()).isEqualTo(TicketOutcome.Status.SUCCEEDED));
      for (int id : report) {
        TicketTruth truth = s.sandbox.truth(id);
        List<Integer> linked = s.sandbox.state(id).assetIds();
        assertThat(linked).as("ticket %d links each asset once", id).doesNotHaveDuplicates();
        assertThat(s.added(id, before))
            .as("assets added to ticket %d (%s)", id, truth.reason())
            .isEqualTo(sorted(truth.expectedAssetIds()));
        assertThat(s.summaries(id)).as("summaries on ticket %d", id).isEqualTo(1);
        Map<String, ActionState> ledger = s.services.ledger().loadStates(id, pipeline.actionIds());
        assertThat(ledger.keySet())
            .as("ledger rows of ticket %d", id)
            .containsExactlyInAnyOrderElementsOf(pipeline.actionIds());
        assertThat(ledger.values())
            .as("ledger of ticket %d", id)
            .allSatisfy(
                r -> assertThat(r.status()).isIn(ActionStatus.COMPLETED, ActionStatus.SKIPPED));
      }
      System.out.printf(
          "standard pipeline: 200 tickets in %.1f s, %d TDX calls (%.1f per ticket)%n",
          seconds, calls, calls / 200.0);

      // A second poll: nothing to do, nothing written, nothing changed.
      Map<Integer, TicketState> afterFirst = s.states();
      s.sandbox.resetCalls();
      Scenario.Round second = Scenario.round(poller);

      assertThat(second.poll().error()).isNull();
      assertThat(second.poll().started()).isZero();
      assertThat(second.poll().alreadyDone()).isEqualTo(200);
      // With nothing to start, the poll reads the report and nothing else (no index sync).
      assertThat(s.sandbox.calls()).isEqualTo(Map.of("GET reports/{id}", 1L));
      assertThat(s.writeCalls()).isEmpty();
      assertThat(s.states()).isEqualTo(afterFirst);

      // Tickets added to the report, naming computers created in TDX with them, a moment before
      // the next poll: matched against those computers too.
      List<Integer> added = s.sandbox.addTickets(10);
      Map<Integer, TicketState> beforeAdded = s.states();
      Scenario.Round third = Scenario.round(poller);

      assertThat(third.poll().started()).isEqualTo(10);
      assertThat(third.poll().alreadyDone()).isEqualTo(200);
      assertThat(third.outcomes())
          .allSatisfy(
              o -> assertThat(o.status()).as(o.line()).isEqualTo(TicketOutcome.Status.SUCCEEDED));
      for (int id : added) {
        assertThat(s.added(id, beforeAdded))
            .as("assets added to new ticket %d (%s)", id, s.sandbox.truth(id).reason())
            .isEqualTo(sorted(s.sandbox.truth(id).expectedAssetIds()));
        assertThat(s.summaries(id)).isEqualTo(1);
      }
    }
  }

  @Test
  void dryRunPlansEverythingAndChangesNothing() throws Exception {
    try (Scenario s = scenario(Scenario.sandbox(200, 1))) {
      Pipeline pipeline = StandardPipeline.get();
      ReportPoller poller = s.poller(pipeline, true);
      Map<Integer, TicketState> before = s.states();
      s.sandbox.resetCalls();

      Scenario.Round round = Scenario.round(poller);

      assertThat(round.poll().error()).isNull();
      assertThat(round.poll().started()).isEqualTo(200);
      assertThat(round.outcomes())
          .hasSize(200)
          .allSatisfy(o -> assertThat(o.workflowId()).startsWith("tqd-dry:"))
          .allSatisfy(
              o -> assertThat(o.status()).as(o.line()).isEqualTo(TicketOutcome.Status.SUCCEEDED));
      assertThat(s.states()).isEqualTo(before);
      assertThat(s.writeCalls()).isEmpty();
      assertThat(s.services.ledger().stats().totalActions()).isZero();
      for (TicketOutcome o : round.outcomes()) {
        ActionResult addAsset = o.actions().get(0);
        assertThat(addAsset.type()).isEqualTo("add_asset");
        assertThat(addAsset.outcome()).isEqualTo(ActionResult.Outcome.PLANNED);
        if (!s.sandbox.truth(o.ticketId()).expectedAssetIds().isEmpty()) {
          assertThat(addAsset.plannedWrites())
              .as("planned writes of ticket %d", o.ticketId())
              .hasSize(s.sandbox.truth(o.ticketId()).expectedAssetIds().size());
        }
        assertThat(o.actions())
            .extracting(ActionResult::outcome)
            .allSatisfy(
                outcome ->
                    assertThat(outcome)
                        .isIn(ActionResult.Outcome.PLANNED, ActionResult.Outcome.SKIPPED));
      }
    }
  }

  @Test
  void aTicketWhoseTitleNamesOneComputerCostsAtMostEightTdxCalls() throws Exception {
    try (Scenario s = scenario(Scenario.sandbox(40, 5))) {
      Pipeline pipeline =
          Pipeline.of(
              List.of(
                  ActionSpecs.create("add_asset", "v2", Map.of(), false, null),
                  ActionSpecs.create("summary_comment", "v1", Map.of(), false, null)));
      List<TicketTruth> titled =
          s.sandbox.truth().stream()
              .filter(
                  t ->
                      t.inReport()
                          && t.reason().equals("title names the computer")
                          && t.expectedAssetIds().size() == 1)
              .toList();
      assertThat(titled).hasSizeGreaterThanOrEqualTo(2);
      ReportPoller poller = s.poller(pipeline, false);

      // Warm-up on another ticket: login, asset-index sync, Temporal and JIT.
      s.sandbox.reportTickets(List.of(titled.get(0).ticketId()));
      assertThat(Scenario.round(poller).outcomes())
          .singleElement()
          .satisfies(o -> assertThat(o.status()).isEqualTo(TicketOutcome.Status.SUCCEEDED));

      int id = titled.get(1).ticketId();
      s.sandbox.reportTickets(List.of(id));
      s.sandbox.resetCalls();
      Scenario.Round round = Scenario.round(poller);

      assertThat(round.outcomes())
          .singleElement()
          .satisfies(o -> assertThat(o.status()).isEqualTo(TicketOutcome.Status.SUCCEEDED));
      assertThat(s.sandbox.state(id).assetIds()).containsAll(titled.get(1).expectedAssetIds());
      // The poll itself costs the report call, one incremental sync of the asset index and one of
      // the ticket index (nothing else changed, so it reads no ticket's links).
      Map<String, Long> calls = s.sandbox.calls();
      long report = calls.getOrDefault("GET reports/{id}", 0L);
      long indexSync = calls.getOrDefault("POST assets/search", 0L);
      long ticketSync = calls.getOrDefault("POST tickets/search", 0L);
      long ticketCalls = s.sandbox.totalCalls() - report - indexSync - ticketSync;
      System.out.printf(
          "TDX calls for ticket %d (title names one computer; add_asset + summary_comment):"
              + " %d, plus the poll's report call (%d) and index syncs (%d, %d): %s%n",
          id, ticketCalls, report, indexSync, ticketSync, calls);
      assertThat(report).isEqualTo(1);
      assertThat(indexSync).isLessThanOrEqualTo(1);
      assertThat(ticketSync).isLessThanOrEqualTo(1);
      assertThat(ticketCalls).isLessThanOrEqualTo(8);
    }
  }

  @Test
  void thePythonDaemonsActionIdsAndLedgerRowsAreHonoured() throws Exception {
    Pipeline pipeline = StandardPipeline.get();
    assertThat(pipeline.actionIds())
        .containsExactly(
            "add_asset:a6ee89781f2f:v2",
            "find_active_tickets:e9b209460690:v1",
            "summary_comment:3a46b2bb91de:v1");
    // The same configuration spelled out with the daemon's parameters gives the same IDs.
    Pipeline explicit =
        Pipeline.of(
            List.of(
                ActionSpecs.create(
                    "add_asset",
                    "v2",
                    Map.of(
                        "add_summary_comment", true,
                        "max_assets_to_add", 10,
                        "skip_if_requestor_asset_exists", true,
                        "active_status_only", true),
                    false,
                    null),
                ActionSpecs.create(
                    "find_active_tickets",
                    "v1",
                    Map.of("exclude_current_ticket", true, "max_tickets_per_category", 10),
                    false,
                    null),
                ActionSpecs.create(
                    "summary_comment",
                    "v1",
                    Map.of("comment_prefix", "🤖 Automated Actions Summary", "is_private", true),
                    false,
                    null)));
    assertThat(explicit.actionIds()).isEqualTo(pipeline.actionIds());

    try (Scenario s = scenario(Scenario.sandbox(20, 3))) {
      List<Integer> report = s.sandbox.reportTickets();
      List<Integer> allDone = report.subList(0, 5);
      List<Integer> assetDone = report.subList(5, 8);
      ActionSpec addAsset = pipeline.actions().get(0);
      try (Connection c = s.services.database().dataSource().getConnection()) {
        for (int id : allDone) {
          for (ActionSpec a : pipeline.actions()) {
            insertAsTheDaemonDoes(c, id, a);
          }
        }
        for (int id : assetDone) {
          insertAsTheDaemonDoes(c, id, addAsset);
        }
      }
      Map<Integer, TicketState> before = s.states();

      Scenario.Round round = Scenario.round(s.poller(pipeline, false));

      assertThat(round.poll().error()).isNull();
      assertThat(round.poll().alreadyDone()).isEqualTo(allDone.size());
      assertThat(round.poll().started()).isEqualTo(report.size() - allDone.size());
      assertThat(round.poll().tickets())
          .filteredOn(t -> allDone.contains(t.ticketId()))
          .allSatisfy(
              t -> assertThat(t.disposition()).isEqualTo(PollResult.Disposition.ALREADY_DONE));
      assertThat(round.outcomes())
          .allSatisfy(
              o -> assertThat(o.status()).as(o.line()).isEqualTo(TicketOutcome.Status.SUCCEEDED));
      for (int id : allDone) {
        assertThat(s.sandbox.state(id))
            .as("ticket %d, done by the daemon", id)
            .isEqualTo(before.get(id));
      }
      for (TicketOutcome o : round.outcomes()) {
        if (assetDone.contains(o.ticketId())) {
          assertThat(o.actions().get(0).outcome()).isEqualTo(ActionResult.Outcome.ALREADY_DONE);
          assertThat(s.sandbox.state(o.ticketId()).assetIds())
              .as("assets of ticket %d, add_asset done by the daemon", o.ticketId())
              .isEqualTo(before.get(o.ticketId()).assetIds());
          assertThat(s.summaries(o.ticketId())).isLessThanOrEqualTo(1);
        } else {
          assertThat(s.added(o.ticketId(), before))
              .isEqualTo(sorted(s.sandbox.truth(o.ticketId()).expectedAssetIds()));
          assertThat(s.summaries(o.ticketId())).isEqualTo(1);
        }
      }
      // The daemon's rows are left as they were.
      for (int id : allDone) {
        assertThat(s.services.ledger().history(id))
            .hasSize(3)
            .allSatisfy(r -> assertThat(r.workflowId()).isNull());
      }
    }
  }

  /** The row the Python daemon's {@code StateTracker.mark_completed} writes. */
  private static void insertAsTheDaemonDoes(Connection c, int ticketId, ActionSpec action)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO meta.daemon_action_log"
                + " (ticket_id, action_type, action_id, action_hash, status, metadata, executed_at)"
                + " VALUES (?, ?, ?, ?, ?, CAST(? AS jsonb), ?)")) {
      ps.setInt(1, ticketId);
      ps.setString(2, action.type());
      ps.setString(3, action.actionId());
      ps.setString(4, action.actionHash());
      ps.setString(5, "completed");
      ps.setString(
          6,
          "{\"details\": {\"ticket_id\": "
              + ticketId
              + ", \"message\": \"done by the daemon\"}, \"config\": {\"version\": \""
              + action.version()
              + "\"}}");
      ps.setTimestamp(7, Timestamp.from(Instant.now().minus(3, ChronoUnit.DAYS)));
      ps.executeUpdate();
    }
  }

  @Test
  void underServerErrorsAndLostResponsesEveryTicketEndsExactlyRight() throws Exception {
    try (Scenario s = scenario(Scenario.sandbox(40, 11))) {
      Pipeline pipeline = StandardPipeline.get();
      ReportPoller poller = s.poller(pipeline, false);
      List<Integer> report = s.sandbox.reportTickets();
      Map<Integer, TicketState> before = s.states();
      // 10% of API calls fail with 500 before taking effect; 30% of the writes that do take
      // effect are answered 500 anyway (the crash between the TDX write and the ledger update).
      // Temporal retries the activities (2 s, 4 s, 8 s, ... apart); a run whose action ran out of
      // attempts fails and the next poll starts the ticket again.
      s.sandbox.faults().serverErrorShare(0.1).serverErrorAfterWriteShare(0.3);

      long t0 = System.nanoTime();
      List<String> lines = new ArrayList<>();
      int rounds = 0;
      while (true) {
        rounds++;
        Scenario.Round round = Scenario.round(poller);
        lines.add(round.poll().line());
        PollResult poll = round.poll();
        if (poll.error() == null && poll.started() == 0 && poll.inFlight() == 0) {
          break;
        }
        assertThat(rounds).as("polls until nothing is left: %s", lines).isLessThan(8);
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      s.sandbox.faults().reset();

      for (int id : report) {
        TicketTruth truth = s.sandbox.truth(id);
        assertThat(s.sandbox.state(id).assetIds()).as("ticket %d", id).doesNotHaveDuplicates();
        assertThat(s.added(id, before))
            .as("assets added to ticket %d", id)
            .isEqualTo(sorted(truth.expectedAssetIds()));
        assertThat(s.summaries(id)).as("summaries on ticket %d", id).isEqualTo(1);
        assertThat(s.services.ledger().loadStates(id, pipeline.actionIds()).values())
            .hasSize(3)
            .allSatisfy(
                r -> assertThat(r.status()).isIn(ActionStatus.COMPLETED, ActionStatus.SKIPPED));
      }
      // Writes that took effect but whose response was lost: effects in TDX minus 200 answers.
      long comments = 0;
      long links = 0;
      for (int id : report) {
        comments += s.sandbox.state(id).feed().size() - before.get(id).feed().size();
        links += s.added(id, before).size();
      }
      long lostComments = comments - s.okAnswers("POST tickets/{id}/feed");
      long lostLinks = links - s.okAnswers("POST tickets/{id}/assets/{assetId}");
      assertThat(lostComments + lostLinks)
          .as("writes that took effect and were answered 500")
          .isPositive();
      System.out.printf(
          "faults: 40 tickets ended exactly right in %.1f s over %d polls; %d comment posts and"
              + " %d asset links took effect but were answered 500; %s%n",
          seconds,
          rounds,
          lostComments,
          lostLinks,
          lines.stream().collect(Collectors.joining(" | ")));
    }
  }

  private static List<Integer> sorted(List<Integer> ids) {
    List<Integer> out = new ArrayList<>(ids);
    out.sort(null);
    return out;
  }
}
