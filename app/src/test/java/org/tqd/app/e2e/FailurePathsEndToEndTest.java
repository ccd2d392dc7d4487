package org.tqd.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tqd.activities.ledger.ActionState;
import org.tqd.activities.ledger.ActionStatus;
import org.tqd.sandbox.TdxSandbox;
import org.tqd.sandbox.TicketState;
import org.tqd.sandbox.TicketTruth;
import org.tqd.starter.ReportPoller;
import org.tqd.starter.TicketOutcome;
import org.tqd.tdx.model.FeedPost;
import org.tqd.workflows.TicketRun;
import org.tqd.workflows.action.ActionCondition;
import org.tqd.workflows.action.ActionSpec;
import org.tqd.workflows.action.ActionSpecs;
import org.tqd.workflows.action.Pipeline;
import org.tqd.workflows.pipeline.StandardPipeline;

/**
 * The failure paths of the exactly-once promise, polled as the daemon polls (one Temporal test
 * server that outlives the polls, real activities, the sandbox over HTTP, the ledger in
 * PostgreSQL), judged only by what TDX shows afterwards: each ticket's assets, exactly one summary
 * comment carrying every line, no comment reference posted twice, and an action whose condition
 * becomes true running at the next poll. (A write whose answer is lost in a run that then fails for
 * good is tested at the activity level, {@code SummaryCommentTest}, and across processes with
 * shortened retries by {@code .ci/adversarial}.)
 */
class FailurePathsEndToEndTest {

  private static final Pattern REFERENCE = Pattern.compile("\\[tqd:[0-9a-f]{8}]");
  private static final String FOLLOW_UP = "Automated actions (follow-up)";

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

  private static Scenario scenario(TdxSandbox.Builder sandbox) throws SQLException {
    return new Scenario(
            sandbox.build().start(), postgres.newDatabase(), TicketRun.DEFAULT_MAX_RUNS_BEFORE_PARK)
        .start();
  }

  @Test
  void aWriteRefusedDuringOnePollReachesTheOneSummaryAtTheNextPoll() throws Exception {
    try (Scenario s = scenario(Scenario.sandbox(20, 11))) {
      ReportPoller poller = s.poller(StandardPipeline.get(), false);
      Map<Integer, TicketState> before = s.states();
      s.sandbox.faults().forbiddenTemplates(Set.of("POST tickets/{id}/assets/{assetId}"));

      Scenario.Round first = Scenario.round(poller);
      assertThat(first.poll().started()).as(first.poll().line()).isEqualTo(20);
      assertThat(first.outcomes()).anyMatch(o -> o.status() == TicketOutcome.Status.FAILED);

      s.sandbox.faults().reset();
      Scenario.Round second = Scenario.round(poller);
      assertThat(second.outcomes()).allMatch(o -> o.status() == TicketOutcome.Status.SUCCEEDED);
      assertThat(Scenario.round(poller).poll().started()).isZero();

      for (int id : s.sandbox.reportTickets()) {
        TicketTruth truth = s.sandbox.truth(id);
        assertThat(s.added(id, before))
            .as("ticket %d", id)
            .containsExactlyElementsOf(truth.expectedAssetIds());
        List<String> summaries = bodies(s, id, "Automated Actions Summary");
        assertThat(summaries).as("ticket %d has one summary", id).hasSize(1);
        assertThat(bodies(s, id, FOLLOW_UP)).as("ticket %d", id).isEmpty();
        assertEveryLineIsIn(s, id, summaries.get(0));
        assertNoReferenceTwice(s, id);
      }
    }
  }

  @Test
  void anActionWhoseConditionBecomesTrueRunsAtTheNextPollAndReportsInAFollowUp() throws Exception {
    try (Scenario s = scenario(Scenario.sandbox(10, 13))) {
      List<Integer> report = s.sandbox.reportTickets();
      int status =
          java.util.stream.Stream.of(622, 620, 619, 121)
              .filter(st -> report.stream().noneMatch(id -> s.sandbox.state(id).statusId() == st))
              .findFirst()
              .orElseThrow();
      ActionSpec note =
          ActionSpecs.create(
              "comment",
              "v1",
              Map.of("comment_text", "Escalated: a technician will call you today."),
              false,
              new ActionCondition(List.of(status), null, null, null));
      ActionCondition inStatus = new ActionCondition(List.of(status), null, null, null);
      ActionSpec assets = ActionSpecs.create("add_asset", "v2", Map.of(), false, inStatus);
      List<ActionSpec> actions =
          List.of(
              note,
              assets,
              ActionSpecs.create("find_active_tickets", "v1", Map.of(), false, null),
              ActionSpecs.create("summary_comment", "v1", Map.of(), false, null));
      ReportPoller poller = s.poller(Pipeline.of(actions), false);
      Map<Integer, TicketState> before = s.states();

      Scenario.Round first = Scenario.round(poller);
      assertThat(first.outcomes()).allMatch(o -> o.status() == TicketOutcome.Status.SUCCEEDED);
      ActionState waiting =
          s.services
              .ledger()
              .loadStates(report.get(0), List.of(note.actionId()))
              .get(note.actionId());
      assertThat(waiting.status()).isEqualTo(ActionStatus.NOT_APPLICABLE);
      assertThat(Scenario.round(poller).poll().started()).isZero();

      int moved = report.get(3);
      s.services
          .tdxForCommands()
          .postFeed(
              moved, new FeedPost(status, false, "Escalated", List.of("null"), true, false, false));
      Scenario.Round next = Scenario.round(poller);
      assertThat(next.poll().started()).as(next.poll().line()).isEqualTo(1);
      assertThat(next.poll().startedRuns())
          .singleElement()
          .satisfies(t -> assertThat(t.ticketId()).isEqualTo(moved));
      assertThat(next.outcomes()).allMatch(o -> o.status() == TicketOutcome.Status.SUCCEEDED);
      assertThat(Scenario.round(poller).poll().started()).isZero();

      assertThat(bodies(s, moved, "Escalated: a technician")).hasSize(1);
      String line =
          s.services
              .ledger()
              .loadStates(moved, List.of(assets.actionId()))
              .get(assets.actionId())
              .summary();
      assertThat(line).isNotBlank();
      List<String> automation = new ArrayList<>(bodies(s, moved, "Automated Actions Summary"));
      assertThat(automation).hasSizeLessThanOrEqualTo(1);
      List<String> followUps = bodies(s, moved, FOLLOW_UP);
      assertThat(followUps).hasSizeLessThanOrEqualTo(1);
      automation.addAll(followUps);
      assertThat(automation.stream().filter(b -> b.contains(line)))
          .as("the late action's line is in exactly one automation comment")
          .hasSize(1);
      for (int id : report) {
        if (id != moved) {
          assertThat(bodies(s, id, "Escalated: a technician")).as("ticket %d", id).isEmpty();
          assertThat(bodies(s, id, FOLLOW_UP)).as("ticket %d", id).isEmpty();
          assertThat(s.sandbox.state(id).assetIds())
              .as("ticket %d", id)
              .containsExactlyElementsOf(before.get(id).assetIds());
        }
        assertThat(bodies(s, id, "Automated Actions Summary"))
            .as("ticket %d", id)
            .hasSizeLessThanOrEqualTo(1);
        assertNoReferenceTwice(s, id);
      }
    }
  }

  private static List<String> bodies(Scenario s, int ticketId, String contains) {
    return s.sandbox.state(ticketId).feed().stream()
        .map(TicketState.FeedEntry::body)
        .filter(b -> b != null && b.contains(contains))
        .toList();
  }

  /** Every ledger row of the ticket that completed with a summary line has it in a comment. */
  private static void assertEveryLineIsIn(Scenario s, int ticketId, String... comments) {
    String all = String.join("\n", comments);
    for (ActionState row : s.services.ledger().history(ticketId)) {
      if (row.status() == ActionStatus.COMPLETED
          && row.summary() != null
          && !row.summary().isEmpty()) {
        assertThat(all)
            .as("ticket %d line of %s", ticketId, row.actionId())
            .contains(row.summary());
      }
    }
  }

  private static void assertNoReferenceTwice(Scenario s, int ticketId) {
    Map<String, Integer> seen = new HashMap<>();
    for (TicketState.FeedEntry e : s.sandbox.state(ticketId).feed()) {
      if (e.body() == null) {
        continue;
      }
      Matcher m = REFERENCE.matcher(e.body());
      while (m.find()) {
        seen.merge(m.group(), 1, Integer::sum);
      }
    }
    assertThat(seen.values()).as("ticket %d references %s", ticketId, seen).allMatch(n -> n == 1);
  }
}
