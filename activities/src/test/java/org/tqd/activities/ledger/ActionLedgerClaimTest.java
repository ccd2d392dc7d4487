package org.tqd.activities.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ActionLedgerClaimTest {

  @RegisterExtension static final PostgresExtension PG = new PostgresExtension();

  static final String ADD_ASSET = "add_asset:a6ee89781f2f:v2";
  static final String COMMENT = "comment:054200481667:v1";
  static final String HASH = "a6ee89781f2f" + "0".repeat(52);
  static final AtomicInteger TICKETS = new AtomicInteger(1000);

  static Database db;
  static ActionLedger ledger;

  @BeforeAll
  static void connect() {
    db = PG.connect();
    ledger = new ActionLedger(db.jdbi());
  }

  static ClaimContext run(String runId) {
    return new ClaimContext("tqd:1:abc", runId, 42, "abcdef012345");
  }

  @Test
  void firstClaimCreatesAnInProgressRowOnItsFirstAttempt() {
    int ticket = TICKETS.incrementAndGet();

    Claim claim = ledger.claim(ticket, ADD_ASSET, "add_asset", HASH, run("run-1"));

    assertThat(claim.outcome()).isEqualTo(ClaimOutcome.CLAIMED_NEW);
    assertThat(claim.shouldRun()).isTrue();
    assertThat(claim.mustCheckTdxFirst()).isFalse();
    ActionState s = claim.state();
    assertThat(s.status()).isEqualTo(ActionStatus.IN_PROGRESS);
    assertThat(s.attempt()).isEqualTo(1);
    assertThat(s.actionType()).isEqualTo("add_asset");
    assertThat(s.actionHash()).isEqualTo(HASH);
    assertThat(s.workflowId()).isEqualTo("tqd:1:abc");
    assertThat(s.runId()).isEqualTo("run-1");
    assertThat(s.reportId()).isEqualTo(42);
    assertThat(s.pipelineId()).isEqualTo("abcdef012345");
    assertThat(s.startedAt()).isNotNull();
    assertThat(s.executedAt()).isNotNull();
    assertThat(s.completedAt()).isNull();
    assertThat(s.metadata()).isEmpty();
  }

  @Test
  void activityRetryInTheSameRunIsReclaimedWithoutCountingARun() {
    int ticket = TICKETS.incrementAndGet();
    ledger.claim(ticket, ADD_ASSET, "add_asset", HASH, run("run-1"));

    Claim again = ledger.claim(ticket, ADD_ASSET, "add_asset", HASH, run("run-1"));

    assertThat(again.outcome()).isEqualTo(ClaimOutcome.RECLAIMED);
    assertThat(again.mustCheckTdxFirst()).isTrue();
    assertThat(again.state().attempt()).isEqualTo(1);
  }

  @Test
  void newRunFindingAClaimLeftInProgressReclaimsItAndCountsARun() {
    int ticket = TICKETS.incrementAndGet();
    ledger.claim(ticket, ADD_ASSET, "add_asset", HASH, run("run-1"));

    Claim claim = ledger.claim(ticket, ADD_ASSET, "add_asset", HASH, run("run-2"));

    assertThat(claim.outcome()).isEqualTo(ClaimOutcome.RECLAIMED);
    assertThat(claim.state().attempt()).isEqualTo(2);
    assertThat(claim.state().runId()).isEqualTo("run-2");
  }

  @Test
  void failedActionIsReclaimedByEachLaterRunWithOneMoreAttemptKeepingItsPlan() {
    int ticket = TICKETS.incrementAndGet();
    ledger.claim(ticket, ADD_ASSET, "add_asset", HASH, run("run-1"));
    new org.tqd.activities.actions.ActionJournal(db.jdbi())
        .savePending(ticket, ADD_ASSET, Map.of("assets", List.of(500001)));
    ledger.recordReference(ticket, ADD_ASSET, "[tqd:0badc0de]");
    ledger.fail(ticket, ADD_ASSET, "TDX answered 500", Map.of("phase", 2));

    Claim second = ledger.claim(ticket, ADD_ASSET, "add_asset", HASH, run("run-2"));
    assertThat(second.outcome()).isEqualTo(ClaimOutcome.RECLAIMED);
    assertThat(second.state().attempt()).isEqualTo(2);
    assertThat(second.state().status()).isEqualTo(ActionStatus.IN_PROGRESS);
    assertThat(second.state().errorMessage()).isEqualTo("TDX answered 500");
    assertThat(second.state().completedAt()).isNull();
    // Recording the failure kept what the first run stored before it may have written.
    assertThat(second.state().metadata())
        .containsEntry("phase", 2)
        .containsEntry("pending", Map.of("assets", List.of(500001)));
    assertThat(second.state().reference()).isEqualTo("[tqd:0badc0de]");

    ledger.fail(ticket, ADD_ASSET, "TDX answered 500 again", Map.of());
    // An activity retry in the run that recorded the failure does not count a run.
    Claim retry = ledger.claim(ticket, ADD_ASSET, "add_asset", HASH, run("run-2"));
    assertThat(retry.outcome()).isEqualTo(ClaimOutcome.RECLAIMED);
    assertThat(retry.state().attempt()).isEqualTo(2);
    assertThat(retry.state().metadata()).containsKey("pending");

    ledger.fail(ticket, ADD_ASSET, "still failing", Map.of());
    assertThat(ledger.claim(ticket, ADD_ASSET, "add_asset", HASH, run("run-3")).state().attempt())
        .isEqualTo(3);
  }

  @Test
  void claimWithoutARunIdCountsANewRunEachTime() {
    int ticket = TICKETS.incrementAndGet();
    ClaimContext none = new ClaimContext(null, null, null, null);
    ledger.claim(ticket, ADD_ASSET, "add_asset", HASH, none);

    Claim again = ledger.claim(ticket, ADD_ASSET, "add_asset", HASH, none);

    assertThat(again.state().attempt()).isEqualTo(2);
    assertThat(again.state().reportId()).isNull();
  }

  @Test
  void completedAndSkippedActionsAreAlreadyDoneAndLeftUntouched() {
    int ticket = TICKETS.incrementAndGet();
    ledger.claim(ticket, ADD_ASSET, "add_asset", HASH, run("run-1"));
    ActionState done =
        ledger.complete(
            ticket,
            ADD_ASSET,
            ActionStatus.COMPLETED,
            "Added 2 assets: LAPTOP-1, LAPTOP-2",
            Map.of("details", Map.of("assets_added", 2)));
    ledger.claim(ticket, COMMENT, "comment", null, run("run-1"));
    ledger.complete(ticket, COMMENT, ActionStatus.SKIPPED, null, null);

    Claim claim = ledger.claim(ticket, ADD_ASSET, "add_asset", HASH, run("run-2"));
    Claim skipped = ledger.claim(ticket, COMMENT, "comment", null, run("run-2"));

    assertThat(claim.outcome()).isEqualTo(ClaimOutcome.ALREADY_DONE);
    assertThat(claim.shouldRun()).isFalse();
    assertThat(claim.state()).isEqualTo(done);
    assertThat(claim.state().summary()).isEqualTo("Added 2 assets: LAPTOP-1, LAPTOP-2");
    assertThat(skipped.outcome()).isEqualTo(ClaimOutcome.ALREADY_DONE);
    assertThat(skipped.state().status()).isEqualTo(ActionStatus.SKIPPED);
  }

  @Test
  void completeRecordsSummaryMetadataAndTimesWithoutSecrets() {
    int ticket = TICKETS.incrementAndGet();
    ActionState claimed = ledger.claim(ticket, ADD_ASSET, "add_asset", HASH, run("run-1")).state();
    ledger.fail(ticket, ADD_ASSET, "first try failed", Map.of());

    ActionState done =
        ledger.complete(
            ticket,
            ADD_ASSET,
            ActionStatus.COMPLETED,
            "Added 1 asset",
            Map.of(
                "details", Map.of("asset_ids", List.of(7, 8), "api_token", "eyJhbGciOi"),
                "database_url", "postgresql://daemon:hunter2@db:5432/lsats",
                "TDX_WEB_SERVICES_KEY", "abc"));

    assertThat(done.status()).isEqualTo(ActionStatus.COMPLETED);
    assertThat(done.errorMessage()).isNull();
    assertThat(done.completedAt()).isNotNull();
    assertThat(done.executedAt()).isAfterOrEqualTo(claimed.executedAt());
    assertThat(done.attempt()).isEqualTo(1);
    assertThat(done.runId()).isEqualTo("run-1");
    assertThat(done.metadata())
        .isEqualTo(
            Map.of(
                "details",
                Map.of("asset_ids", List.of(7, 8)),
                "database_url",
                "postgresql://daemon:***@db:5432/lsats"));
    String raw =
        db.jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT metadata::text FROM meta.daemon_action_log"
                                + " WHERE ticket_id = :t")
                        .bind("t", ticket)
                        .mapTo(String.class)
                        .one());
    assertThat(raw).doesNotContain("hunter2", "eyJhbGciOi", "abc\"");
  }

  @Test
  void failureMessagesLoseUrlPasswordsAndKeepTheSummary() {
    int ticket = TICKETS.incrementAndGet();
    ledger.claim(ticket, ADD_ASSET, "add_asset", HASH, run("run-1"));

    ActionState failed =
        ledger.fail(
            ticket,
            ADD_ASSET,
            "could not reach postgresql://u:s3cret@db/x",
            "Could not add assets: TDX unavailable",
            null);

    assertThat(failed.status()).isEqualTo(ActionStatus.FAILED);
    assertThat(failed.errorMessage()).isEqualTo("could not reach postgresql://u:***@db/x");
    assertThat(failed.summary()).isEqualTo("Could not add assets: TDX unavailable");
    assertThat(failed.completedAt()).isNotNull();
  }

  @Test
  void completingAnUnclaimedActionStillRecordsIt() {
    int ticket = TICKETS.incrementAndGet();

    ActionState done =
        ledger.complete(ticket, COMMENT, ActionStatus.COMPLETED, "Posted a comment", Map.of());

    assertThat(done.actionType()).isEqualTo("comment");
    assertThat(done.attempt()).isEqualTo(1);
    assertThat(ledger.claim(ticket, COMMENT, "comment", null, run("r")).outcome())
        .isEqualTo(ClaimOutcome.ALREADY_DONE);
  }

  @Test
  void completeRefusesFailedStatus() {
    assertThatThrownBy(() -> ledger.complete(1, COMMENT, ActionStatus.FAILED, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fail()");
  }

  @Test
  void referenceIsKeptForLaterAttempts() {
    int ticket = TICKETS.incrementAndGet();
    assertThat(ledger.recordReference(ticket, COMMENT, "tqd-3f9a")).isFalse();
    ledger.claim(ticket, COMMENT, "comment", null, run("run-1"));

    assertThat(ledger.recordReference(ticket, COMMENT, "tqd-3f9a")).isTrue();

    Claim reclaimed = ledger.claim(ticket, COMMENT, "comment", null, run("run-2"));
    assertThat(reclaimed.outcome()).isEqualTo(ClaimOutcome.RECLAIMED);
    assertThat(reclaimed.state().reference()).isEqualTo("tqd-3f9a");
  }

  @Test
  void ofConcurrentClaimersExactlyOneGetsTheClaim() throws Exception {
    int claimers = 8;
    ExecutorService pool = Executors.newFixedThreadPool(claimers);
    try (Database wide =
        Database.connect(db.url(), DatabaseOptions.builder().maximumPoolSize(claimers).build())) {
      ActionLedger shared = new ActionLedger(wide.jdbi());
      for (int round = 0; round < 10; round++) {
        int ticket = TICKETS.incrementAndGet();
        if (round % 2 == 1) {
          // Half the rounds race over a failed row rather than a missing one.
          shared.claim(ticket, ADD_ASSET, "add_asset", HASH, run("old"));
          shared.fail(ticket, ADD_ASSET, "boom", Map.of());
        }
        CyclicBarrier start = new CyclicBarrier(claimers);
        List<Future<Claim>> results = new ArrayList<>();
        for (int i = 0; i < claimers; i++) {
          String runId = "run-" + i;
          results.add(
              pool.submit(
                  () -> {
                    start.await();
                    return shared.claim(ticket, ADD_ASSET, "add_asset", HASH, run(runId));
                  }));
        }
        List<ClaimOutcome> outcomes = new ArrayList<>();
        for (Future<Claim> f : results) {
          outcomes.add(f.get().outcome());
        }
        if (round % 2 == 1) {
          // A failed row may hold an earlier run's write: every claimer must check TDX first.
          assertThat(outcomes).as("round %d", round).containsOnly(ClaimOutcome.RECLAIMED);
        } else {
          assertThat(outcomes)
              .as("round %d", round)
              .containsOnlyOnce(ClaimOutcome.CLAIMED_NEW)
              .containsOnly(ClaimOutcome.CLAIMED_NEW, ClaimOutcome.RECLAIMED);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void loadStatesReadsEveryActionOfATicketInOneQuery() {
    int ticket = TICKETS.incrementAndGet();
    ledger.claim(ticket, ADD_ASSET, "add_asset", HASH, run("run-1"));
    ledger.complete(ticket, ADD_ASSET, ActionStatus.COMPLETED, "Added 1 asset", Map.of("n", 1));
    ledger.claim(ticket, COMMENT, "comment", null, run("run-1"));
    ledger.claim(ticket + 1, ADD_ASSET, "add_asset", HASH, run("run-1"));
    AtomicInteger statements = new AtomicInteger();
    Jdbi counted = Jdbi.create(db.dataSource());
    counted.setSqlLogger(
        new SqlLogger() {
          @Override
          public void logAfterExecution(StatementContext context) {
            statements.incrementAndGet();
          }
        });

    Map<String, ActionState> states =
        new ActionLedger(counted)
            .loadStates(ticket, List.of(ADD_ASSET, COMMENT, "summary_comment:3a46b2bb91de:v1"));

    assertThat(statements).hasValue(1);
    assertThat(states).containsOnlyKeys(ADD_ASSET, COMMENT);
    assertThat(states.get(ADD_ASSET).status()).isEqualTo(ActionStatus.COMPLETED);
    assertThat(states.get(ADD_ASSET).summary()).isEqualTo("Added 1 asset");
    assertThat(states.get(ADD_ASSET).metadata()).isEqualTo(Map.of("n", 1));
    assertThat(states.get(COMMENT).status()).isEqualTo(ActionStatus.IN_PROGRESS);
    assertThat(ledger.loadStates(ticket, List.of())).isEmpty();
  }

  @Test
  void rejectsActionIdsTheTableCannotHold() {
    assertThatThrownBy(() -> ledger.claim(1, "x".repeat(256), "comment", null, run("r")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("actionId is 256 characters");
    assertThatThrownBy(() -> ledger.claim(1, " ", "comment", null, run("r")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("actionId must not be blank");
  }
}
