package org.tqd.activities.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class ActionLedgerQueueTest {

  private static final Logger log = LoggerFactory.getLogger(ActionLedgerQueueTest.class);

  @RegisterExtension static final PostgresExtension PG = new PostgresExtension();

  static final String ADD_ASSET = "add_asset:a6ee89781f2f:v2";
  static final String FIND_ACTIVE = "find_active_tickets:e9b209460690:v1";
  static final String SUMMARY = "summary_comment:3a46b2bb91de:v1";
  static final List<String> PIPELINE = List.of(ADD_ASSET, FIND_ACTIVE, SUMMARY);
  static final int MAX_RUNS = 3;

  static Database db;
  static ActionLedger ledger;
  static final AtomicInteger TICKETS = new AtomicInteger(5000);

  @BeforeAll
  static void connect() {
    db = PG.connect();
    ledger = new ActionLedger(db.jdbi());
  }

  static String type(String actionId) {
    return actionId.substring(0, actionId.indexOf(':'));
  }

  static void completeAll(int ticket, List<String> actions) {
    for (String a : actions) {
      ledger.claim(ticket, a, type(a), null, new ClaimContext("wf", "r1", 1, "p"));
      ledger.complete(ticket, a, ActionStatus.COMPLETED, null, Map.of());
    }
  }

  /** Fails an action in {@code runs} successive runs. */
  static void failRuns(int ticket, String action, int runs) {
    for (int r = 1; r <= runs; r++) {
      ledger.claim(ticket, action, type(action), null, new ClaimContext("wf", "run-" + r, 1, "p"));
      ledger.fail(ticket, action, "TDX answered 404 for ticket " + ticket, Map.of());
    }
  }

  @Test
  void classifiesEachTicketOnceAndKeepsTheGivenOrder() {
    int done = TICKETS.incrementAndGet();
    int parked = TICKETS.incrementAndGet();
    int retryable = TICKETS.incrementAndGet();
    int inProgress = TICKETS.incrementAndGet();
    int fresh = TICKETS.incrementAndGet();
    int partly = TICKETS.incrementAndGet();
    int stuck = TICKETS.incrementAndGet();
    completeAll(done, PIPELINE);
    completeAll(parked, List.of(ADD_ASSET, SUMMARY));
    failRuns(parked, FIND_ACTIVE, MAX_RUNS);
    completeAll(retryable, List.of(ADD_ASSET));
    failRuns(retryable, FIND_ACTIVE, MAX_RUNS - 1);
    completeAll(inProgress, List.of(ADD_ASSET));
    ledger.claim(inProgress, FIND_ACTIVE, "find_active_tickets", null, null);
    completeAll(partly, List.of(ADD_ASSET, FIND_ACTIVE));
    // Claimed by MAX_RUNS runs that all died mid-action: parked too, or it would loop for ever.
    completeAll(stuck, List.of(ADD_ASSET, FIND_ACTIVE));
    for (int r = 1; r <= MAX_RUNS; r++) {
      ledger.claim(
          stuck, SUMMARY, "summary_comment", null, new ClaimContext("wf", "d" + r, 1, "p"));
    }

    QueueAssessment a =
        ledger.assess(
            List.of(partly, fresh, inProgress, retryable, parked, done, stuck, fresh),
            PIPELINE,
            MAX_RUNS);

    assertThat(a.needWork()).containsExactly(partly, fresh, inProgress, retryable);
    assertThat(a.done()).isEqualTo(1);
    assertThat(a.parked()).isEqualTo(2);
    assertThat(a.failedRetryable()).isEqualTo(1);
    assertThat(a.inProgress()).isEqualTo(1);
    assertThat(a.notStarted()).isEqualTo(2);
    assertThat(a.total()).isEqualTo(7);
    assertThat(
            ledger.ticketsNeedingWork(
                List.of(partly, fresh, inProgress, retryable, parked, done, stuck),
                PIPELINE,
                MAX_RUNS))
        .isEqualTo(a.needWork());
  }

  @Test
  void onlyThePipelinesActionsCount() {
    int ticket = TICKETS.incrementAndGet();
    completeAll(ticket, PIPELINE);
    failRuns(ticket, "add_lab:0123456789ab:v2", 1);

    assertThat(ledger.ticketsNeedingWork(List.of(ticket), PIPELINE, MAX_RUNS)).isEmpty();
    assertThat(
            ledger.ticketsNeedingWork(
                List.of(ticket), List.of(ADD_ASSET, "add_lab:0123456789ab:v2"), MAX_RUNS))
        .containsExactly(ticket);
  }

  @Test
  void anActionIsParkedAfterMaxRunsUntilClearFailedResetsItsRuns() {
    int ticket = TICKETS.incrementAndGet();
    completeAll(ticket, List.of(ADD_ASSET, SUMMARY));
    failRuns(ticket, FIND_ACTIVE, MAX_RUNS - 1);
    assertThat(ledger.ticketsNeedingWork(List.of(ticket), PIPELINE, MAX_RUNS))
        .containsExactly(ticket);

    failRuns(ticket, FIND_ACTIVE, 1);
    ActionState parked = ledger.loadStates(ticket, List.of(FIND_ACTIVE)).get(FIND_ACTIVE);
    assertThat(parked.attempt()).isEqualTo(MAX_RUNS);
    assertThat(parked.isParked(MAX_RUNS)).isTrue();
    assertThat(ledger.ticketsNeedingWork(List.of(ticket), PIPELINE, MAX_RUNS)).isEmpty();

    assertThat(ledger.clearFailed(ticket)).isEqualTo(1);

    assertThat(ledger.ticketsNeedingWork(List.of(ticket), PIPELINE, MAX_RUNS))
        .containsExactly(ticket);
    Claim claim = ledger.claim(ticket, FIND_ACTIVE, "find_active_tickets", null, null);
    assertThat(claim.outcome()).isEqualTo(ClaimOutcome.RECLAIMED);
    assertThat(claim.state().attempt()).isEqualTo(1);
  }

  @Test
  void retryUnparksATicketKeepingItsRowsAndLastError() {
    int ticket = TICKETS.incrementAndGet();
    int other = TICKETS.incrementAndGet();
    completeAll(ticket, List.of(ADD_ASSET));
    failRuns(ticket, FIND_ACTIVE, MAX_RUNS);
    ledger.claim(ticket, SUMMARY, "summary_comment", null, new ClaimContext("wf", "x1", 1, "p"));
    for (int r = 2; r <= MAX_RUNS; r++) {
      ledger.claim(
          ticket, SUMMARY, "summary_comment", null, new ClaimContext("wf", "x" + r, 1, "p"));
    }
    completeAll(other, List.of(ADD_ASSET, SUMMARY));
    failRuns(other, FIND_ACTIVE, MAX_RUNS);
    assertThat(ledger.ticketsNeedingWork(List.of(ticket, other), PIPELINE, MAX_RUNS)).isEmpty();

    assertThat(ledger.retry(ticket)).isEqualTo(2);

    assertThat(ledger.ticketsNeedingWork(List.of(ticket, other), PIPELINE, MAX_RUNS))
        .containsExactly(ticket);
    ActionState reset = ledger.loadStates(ticket, List.of(FIND_ACTIVE)).get(FIND_ACTIVE);
    assertThat(reset.status()).isEqualTo(ActionStatus.FAILED);
    assertThat(reset.errorMessage()).contains("404");
    Claim claim =
        ledger.claim(
            ticket, FIND_ACTIVE, "find_active_tickets", null, new ClaimContext("wf", "n", 1, "p"));
    assertThat(claim.state().attempt()).isEqualTo(1);
    assertThat(ledger.loadStates(ticket, List.of(ADD_ASSET)).get(ADD_ASSET).status())
        .isEqualTo(ActionStatus.COMPLETED);
  }

  @Test
  void validatesItsArguments() {
    assertThatThrownBy(() -> ledger.ticketsNeedingWork(List.of(1), PIPELINE, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxRunsBeforePark");
    assertThatThrownBy(() -> ledger.ticketsNeedingWork(List.of(1), List.of(), 3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(ledger.assess(List.of(), PIPELINE, 3).total()).isZero();
  }

  @Test
  void assessesTenThousandTicketsInOneQuery() {
    int base = 1_000_000;
    int n = 10_000;
    // Per 10 tickets: 6 done; 3 with every action done but add_asset, which is parked, failed
    // with runs left, or in progress; 1 never seen.
    db.jdbi()
        .useHandle(
            h -> {
              h.execute(
                  "INSERT INTO meta.daemon_action_log (ticket_id, action_id, action_type, status,"
                      + " attempt) SELECT t, a, split_part(a, ':', 1), 'completed', 1"
                      + " FROM generate_series(?, ?) t, unnest(?::text[]) a"
                      + " WHERE (t % 10) < 6 OR ((t % 10) BETWEEN 6 AND 8 AND a <> ?)",
                  base, base + n - 1, PIPELINE.toArray(new String[0]), ADD_ASSET);
              h.execute(
                  "INSERT INTO meta.daemon_action_log (ticket_id, action_id, action_type, status,"
                      + " attempt) SELECT t, ?, 'add_asset',"
                      + " CASE t % 10 WHEN 8 THEN 'in_progress' ELSE 'failed' END,"
                      + " CASE t % 10 WHEN 6 THEN 3 ELSE 1 END"
                      + " FROM generate_series(?, ?) t WHERE (t % 10) BETWEEN 6 AND 8",
                  ADD_ASSET, base, base + n - 1);
              // History of other tickets, so the ledger is not just the tickets asked about.
              h.execute(
                  "INSERT INTO meta.daemon_action_log (ticket_id, action_id, action_type, status)"
                      + " SELECT t, a, split_part(a, ':', 1), 'completed'"
                      + " FROM generate_series(2000001, 2020000) t, unnest(?::text[]) a",
                  (Object) PIPELINE.toArray(new String[0]));
              h.execute("ANALYZE meta.daemon_action_log");
            });
    List<Integer> tickets = new ArrayList<>(IntStream.range(base, base + n).boxed().toList());
    AtomicInteger statements = new AtomicInteger();
    Jdbi counted = Jdbi.create(db.dataSource());
    counted.setSqlLogger(
        new SqlLogger() {
          @Override
          public void logAfterExecution(StatementContext context) {
            statements.incrementAndGet();
          }
        });
    ActionLedger countedLedger = new ActionLedger(counted);
    countedLedger.assess(tickets, PIPELINE, MAX_RUNS); // warm-up
    statements.set(0);

    long t0 = System.nanoTime();
    QueueAssessment a = countedLedger.assess(tickets, PIPELINE, MAX_RUNS);
    long micros = (System.nanoTime() - t0) / 1000;

    log.info("assess() of {} tickets x {} actions took {} ms", n, PIPELINE.size(), micros / 1000.0);
    assertThat(statements).hasValue(1);
    assertThat(a.done()).isEqualTo(6_000);
    assertThat(a.parked()).isEqualTo(1_000);
    assertThat(a.failedRetryable()).isEqualTo(1_000);
    assertThat(a.inProgress()).isEqualTo(1_000);
    assertThat(a.notStarted()).isEqualTo(1_000);
    assertThat(a.needWork()).hasSize(3_000).startsWith(base + 7, base + 8, base + 9, base + 17);
  }

  @Test
  void aTicketWhoseOnlyWorkLeftIsAFalseConditionWaitsAndIsNeitherDoneNorParked() {
    int ticket = TICKETS.incrementAndGet();
    completeAll(ticket, List.of(ADD_ASSET, SUMMARY));
    ClaimContext ctx = new ClaimContext("wf", "r1", 1, "p");

    assertThat(
            ledger.recordNotApplicable(
                ticket, FIND_ACTIVE, "find_active_tickets", null, "status in [117]", ctx))
        .isTrue();

    ActionState row = ledger.loadStates(ticket, List.of(FIND_ACTIVE)).get(FIND_ACTIVE);
    assertThat(row.status()).isEqualTo(ActionStatus.NOT_APPLICABLE);
    assertThat(row.attempt()).isZero();
    assertThat(row.isDone()).isFalse();
    assertThat(row.isParked(1)).isFalse();
    QueueAssessment a = ledger.assess(List.of(ticket), PIPELINE, MAX_RUNS);
    assertThat(a.needWork()).isEmpty();
    assertThat(a.done()).isZero();
    assertThat(a.parked()).isZero();
    assertThat(a.waiting())
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.ticketId()).isEqualTo(ticket);
              assertThat(w.actionIds()).containsExactly(FIND_ACTIVE);
              assertThat(w.evaluatedAt()).isNotNull();
            });
    assertThat(a.total()).isEqualTo(1);

    // When the condition holds, the action is claimed like any other (no plan: plans afresh).
    Claim claim = ledger.claim(ticket, FIND_ACTIVE, "find_active_tickets", null, ctx);
    assertThat(claim.outcome()).isEqualTo(ClaimOutcome.RECLAIMED);
    assertThat(claim.state().attempt()).isEqualTo(1);
    assertThat(ledger.assess(List.of(ticket), PIPELINE, MAX_RUNS).needWork())
        .containsExactly(ticket);
  }

  @Test
  void aNotApplicableDecisionIsDatedByTheTimeItsConditionWasEvaluated() {
    int ticket = TICKETS.incrementAndGet();
    completeAll(ticket, List.of(ADD_ASSET, SUMMARY));
    ClaimContext ctx = new ClaimContext("wf", "r1", 1, "p");
    // The workflow's clock, which the starter's recheck interval counts from, not the database's.
    Instant first = Instant.parse("2031-05-05T06:01:00.123Z");
    ledger.recordNotApplicable(
        ticket, FIND_ACTIVE, "find_active_tickets", null, "age > 4h", ctx, first);
    assertThat(ledger.assess(List.of(ticket), PIPELINE, MAX_RUNS).waiting())
        .singleElement()
        .satisfies(w -> assertThat(w.evaluatedAt()).isEqualTo(first));

    Instant again = first.plus(Duration.ofMinutes(35));
    ledger.recordNotApplicable(
        ticket, FIND_ACTIVE, "find_active_tickets", null, "age > 4h", ctx, again);
    assertThat(ledger.loadStates(ticket, List.of(FIND_ACTIVE)).get(FIND_ACTIVE).executedAt())
        .isEqualTo(again);

    // Without a time (a record from an older run), the database's time.
    Instant before = Instant.now().minusSeconds(60);
    ledger.recordNotApplicable(ticket, FIND_ACTIVE, "find_active_tickets", null, "x", ctx, null);
    assertThat(ledger.loadStates(ticket, List.of(FIND_ACTIVE)).get(FIND_ACTIVE).executedAt())
        .isAfter(before)
        .isBefore(first);
  }

  @Test
  void aNotApplicableDecisionNeverUndoesADoneRowAndKeepsAnEarlierClaimsPlan() {
    int ticket = TICKETS.incrementAndGet();
    ClaimContext ctx = new ClaimContext("wf", "r1", 1, "p");
    completeAll(ticket, List.of(ADD_ASSET));
    assertThat(ledger.recordNotApplicable(ticket, ADD_ASSET, "add_asset", null, "x", ctx))
        .isFalse();
    assertThat(ledger.loadStates(ticket, List.of(ADD_ASSET)).get(ADD_ASSET).status())
        .isEqualTo(ActionStatus.COMPLETED);

    // A run claimed the comment, stored its plan and failed; later the condition no longer held.
    ledger.claim(ticket, SUMMARY, "summary_comment", null, ctx);
    db.jdbi()
        .useHandle(
            h ->
                h.execute(
                    "UPDATE meta.daemon_action_log SET metadata = '{\"pending\": {\"x\": 1}}'"
                        + " WHERE ticket_id = ? AND action_id = ?",
                    ticket,
                    SUMMARY));
    ledger.fail(ticket, SUMMARY, "TDX answered 500", Map.of());
    ledger.recordNotApplicable(ticket, SUMMARY, "summary_comment", null, "status in [117]", ctx);

    ActionState row = ledger.loadStates(ticket, List.of(SUMMARY)).get(SUMMARY);
    assertThat(row.status()).isEqualTo(ActionStatus.NOT_APPLICABLE);
    assertThat(row.attempt()).isEqualTo(1);
    assertThat(row.metadata()).containsEntry("pending", Map.of("x", 1));
    Claim claim =
        ledger.claim(
            ticket, SUMMARY, "summary_comment", null, new ClaimContext("wf", "r2", 1, "p"));
    assertThat(claim.outcome()).isEqualTo(ClaimOutcome.RECLAIMED);
    assertThat(claim.state().metadata()).containsEntry("pending", Map.of("x", 1));
  }

  @Test
  void runsThatFailAnActionBeforeClaimingItCountTowardParkingOncePerRun() {
    int ticket = TICKETS.incrementAndGet();
    completeAll(ticket, List.of(ADD_ASSET, SUMMARY));
    String error = "could not read ticket: TdxNotFound: 404";

    assertThat(ledger.failRun(ticket, FIND_ACTIVE, error, Map.of(), "run-1").attempt())
        .isEqualTo(1);
    assertThat(ledger.failRun(ticket, FIND_ACTIVE, error, Map.of(), "run-1").attempt())
        .isEqualTo(1);
    assertThat(ledger.failRun(ticket, FIND_ACTIVE, error, Map.of(), "run-2").attempt())
        .isEqualTo(2);
    assertThat(ledger.ticketsNeedingWork(List.of(ticket), PIPELINE, MAX_RUNS))
        .containsExactly(ticket);

    // A run that claimed the row and then failed it counts once, by its claim.
    ledger.claim(
        ticket, FIND_ACTIVE, "find_active_tickets", null, new ClaimContext("wf", "run-3", 1, "p"));
    ActionState third = ledger.failRun(ticket, FIND_ACTIVE, error, Map.of(), "run-3");
    assertThat(third.attempt()).isEqualTo(3);
    assertThat(third.isParked(MAX_RUNS)).isTrue();
    assertThat(ledger.ticketsNeedingWork(List.of(ticket), PIPELINE, MAX_RUNS)).isEmpty();
  }
}
