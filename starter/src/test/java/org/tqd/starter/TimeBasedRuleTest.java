package org.tqd.starter;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tqd.activities.actions.ActionActivitiesImpl;
import org.tqd.activities.actions.ActionJournal;
import org.tqd.activities.actions.ActionSettings;
import org.tqd.activities.actions.LedgerActivitiesImpl;
import org.tqd.activities.actions.TicketActivitiesImpl;
import org.tqd.activities.assets.SyncedAssetIndex;
import org.tqd.activities.ledger.ActionLedger;
import org.tqd.activities.ledger.ActionState;
import org.tqd.activities.ledger.ActionStatus;
import org.tqd.activities.ledger.AssetIndex;
import org.tqd.activities.ledger.Database;
import org.tqd.activities.notify.Notifications;
import org.tqd.sandbox.RateLimits;
import org.tqd.sandbox.TdxSandbox;
import org.tqd.starter.TicketOutcome.Status;
import org.tqd.tdx.TdxClient;
import org.tqd.tdx.TdxClientConfig;
import org.tqd.tdx.TdxCredentials;
import org.tqd.workflows.TicketRun;
import org.tqd.workflows.TicketWorkflowImpl;
import org.tqd.workflows.activities.TaskQueues;
import org.tqd.workflows.pipeline.PipelineDefinition;
import org.tqd.workflows.pipeline.PipelineLoader;
import org.tqd.workflows.rules.ConditionEvaluator;

/**
 * Time-based rules end to end on Temporal's clock: the SDK's test server with time skipping, the
 * TDX sandbox over HTTP and a PostgreSQL ledger, with the poller, the sandbox and the activities
 * all reading Temporal's time. Only the Temporal server is not the real one (the SDK's test server,
 * for its time skipping).
 *
 * <p>A ticket is created "now", on a Monday days ahead of the wall clock (so an age measured by the
 * wall clock would never pass 4 hours); the poller runs every 5 minutes (the default interval)
 * while Temporal's clock is skipped forward. The comment of an {@code age:} rule is written once:
 * at the first poll after the condition becomes true when the report row shows the date, else at
 * the first re-evaluation after it; the ticket is read from TDX no more often than the recheck
 * interval (6 poll intervals) while it waits, also after tqd's own comment moved its {@code
 * ModifiedDate}. The TDX calls of each re-evaluation are counted by method and the cost per ticket
 * per day at the defaults is printed (docs/time-based-rules.md).
 */
class TimeBasedRuleTest {

  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final Duration INTERVAL = StarterOptions.DEFAULT_INTERVAL;
  private static final long SEED = 33;
  private static final Instant PROBE_EPOCH = Instant.parse("2026-03-02T00:00:00Z");

  private static final String COMMENT = "Still open after 4 hours; escalated.";

  private Database database;
  private TdxSandbox sandbox;
  private TdxClient tdx;
  private ActionLedger ledger;
  private TestWorkflowEnvironment env;
  private Clock temporalClock;
  private int ticket;
  private Instant created;

  /** Temporal's current time, as the workflows see it. */
  private final class TemporalClock extends Clock {
    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(env.currentTimeMillis());
    }
  }

  @BeforeEach
  void start() {
    database = TestPostgres.newLedger();
    ledger = new ActionLedger(database.jdbi());
    env = TestWorkflowEnvironment.newInstance();
    temporalClock = new TemporalClock();
    // A Monday 06:00 UTC ahead of Temporal's clock, so that business time is deterministic.
    Instant monday =
        ZonedDateTime.ofInstant(temporalClock.instant(), ZoneOffset.UTC)
            .plusDays(1)
            .with(TemporalAdjusters.next(DayOfWeek.MONDAY))
            .truncatedTo(ChronoUnit.DAYS)
            .withHour(6)
            .toInstant();
    // The sandbox dates its generated tickets a fixed (seeded) time before its epoch: learn that
    // offset from a probe, then date the real sandbox so the ticket is created exactly at `monday`.
    Duration offset;
    int probeTicket;
    try (TdxSandbox probe =
        TdxSandbox.builder().tickets(4).seed(SEED).epoch(PROBE_EPOCH).build().start()) {
      probeTicket = probe.reportTickets().get(0);
      offset =
          Duration.between(
              ConditionEvaluator.instant(client(probe).getTicket(probeTicket).createdDate()),
              PROBE_EPOCH);
    }
    sandbox =
        TdxSandbox.builder()
            .tickets(4)
            .seed(SEED)
            .epoch(monday.plus(offset))
            .clock(temporalClock)
            .rateLimits(RateLimits.off())
            .build()
            .start();
    tdx = client(sandbox);
    ticket = sandbox.reportTickets().get(0);
    assertThat(ticket).isEqualTo(probeTicket);
    sandbox.reportTickets(List.of(ticket));
    created = ConditionEvaluator.instant(tdx.getTicket(ticket).createdDate());
    assertThat(created).isEqualTo(monday);

    TicketSearchAttributes.ALL.forEach(env::registerSearchAttribute);
    Worker tickets = env.newWorker(TaskQueues.TICKETS);
    tickets.registerWorkflowImplementationTypes(TicketWorkflowImpl.class);
    tickets.registerActivitiesImplementations(
        new LedgerActivitiesImpl(ledger, TicketRun.DEFAULT_MAX_RUNS_BEFORE_PARK));
    SyncedAssetIndex index =
        new SyncedAssetIndex(
            tdx,
            new AssetIndex(database.jdbi()),
            SyncedAssetIndex.Options.defaults(),
            temporalClock);
    env.newWorker(TaskQueues.TDX)
        .registerActivitiesImplementations(
            new TicketActivitiesImpl(tdx, temporalClock),
            new ActionActivitiesImpl(
                tdx,
                ledger,
                new ActionJournal(database.jdbi()),
                index,
                null,
                ActionSettings.forTdx(sandbox.baseUrl(), sandbox.ticketAppId()),
                temporalClock,
                TicketRun.DEFAULT_MAX_RUNS_BEFORE_PARK,
                Notifications.of(Map.of(), null, Duration.ofMillis(10))));
    env.start();
    env.sleep(Duration.between(temporalClock.instant(), created));
  }

  @AfterEach
  void stop() {
    if (env != null) {
      env.close();
    }
    if (sandbox != null) {
      sandbox.close();
    }
    if (database != null) {
      database.close();
    }
  }

  private static TdxClient client(TdxSandbox s) {
    return new TdxClient(
        TdxClientConfig.builder()
            .baseUrl(s.baseUrl())
            .ticketAppId(s.ticketAppId())
            .assetAppId(s.assetAppId())
            .credentials(
                new TdxCredentials.WebServicesKey(
                    s.beid().toString(), s.webServicesKey().toString()))
            .build());
  }

  private PipelineDefinition pipeline(String header, String when) throws Exception {
    return PipelineLoader.parse(
        """
        report_id: %d
        %s
        actions:
          - type: comment
            when: %s
            params:
              comment_text: "%s"
        """
            .formatted(sandbox.reportId(), header, when, COMMENT),
        "pipeline.yaml");
  }

  private ReportPoller poller(PipelineDefinition pipeline) {
    return poller(pipeline, null);
  }

  private ReportPoller poller(PipelineDefinition pipeline, Duration recheckInterval) {
    return new ReportPoller(
        env.getWorkflowClient(),
        tdx,
        new LedgerWorkTracker(ledger),
        StarterOptions.newBuilder(sandbox.reportId(), pipeline.pipeline())
            .setInterval(INTERVAL)
            .setRecheckInterval(recheckInterval)
            .build(),
        null,
        null,
        temporalClock);
  }

  private Map<String, Long> calls() {
    Map<String, Long> calls = new TreeMap<>(sandbox.calls());
    calls.keySet().removeIf(k -> k.contains("auth"));
    calls.values().removeIf(n -> n == 0);
    return calls;
  }

  private long comments() {
    return sandbox.state(ticket).feed().stream()
        .filter(e -> e.body() != null && e.body().contains(COMMENT))
        .count();
  }

  /** One poll: what it cost in TDX calls, and whether it started the ticket. */
  private record Poll(Instant at, boolean started, Map<String, Long> calls, long comments) {}

  /**
   * Polls every {@link #INTERVAL} of Temporal's time, skipping the clock between polls, starting
   * one minute after {@code from}, until {@code until}; waits for each started run.
   */
  private List<Poll> pollUntil(ReportPoller poller, Instant from, Instant until) {
    List<Poll> polls = new ArrayList<>();
    Instant next = from.plus(Duration.ofMinutes(1));
    while (!next.isAfter(until)) {
      Duration skip = Duration.between(temporalClock.instant(), next);
      if (!skip.isNegative() && !skip.isZero()) {
        env.sleep(skip);
      }
      sandbox.resetCalls();
      Instant at = temporalClock.instant();
      PollResult poll = poller.pollOnce();
      List<TicketOutcome> outcomes = poller.awaitOutcomes(poll, WAIT);
      assertThat(outcomes)
          .as(OutcomeTable.format(outcomes))
          .allMatch(o -> o.status() == Status.SUCCEEDED);
      polls.add(new Poll(at, poll.started() > 0, calls(), comments()));
      next = next.plus(INTERVAL);
    }
    return polls;
  }

  private static long reads(Poll p) {
    return p.calls().getOrDefault("GET tickets/{id}", 0L);
  }

  /** The index of the first poll at which the comment exists. */
  private static int firstWrite(List<Poll> polls) {
    for (int i = 0; i < polls.size(); i++) {
      if (polls.get(i).comments() > 0) {
        return i;
      }
    }
    return -1;
  }

  private void assertWritesOnceAtFirstPollAfter(List<Poll> polls, Instant holdsAfter) {
    int first = firstWrite(polls);
    assertThat(first).as("a poll wrote the comment").isNotNegative();
    assertThat(polls.get(first).at()).isAfter(holdsAfter);
    assertThat(polls.get(first - 1).at()).isBeforeOrEqualTo(holdsAfter);
    assertWrittenOnceFrom(polls, first);
  }

  /** The comment was written by poll {@code first}, once, and no later poll did anything. */
  private void assertWrittenOnceFrom(List<Poll> polls, int first) {
    assertThat(polls.get(first).calls()).containsEntry("POST tickets/{id}/feed", 1L);
    for (int i = first; i < polls.size(); i++) {
      assertThat(polls.get(i).comments()).as("comments after poll " + i).isEqualTo(1);
    }
    for (int i = first + 1; i < polls.size(); i++) {
      assertThat(polls.get(i).started()).as("poll " + i + " after the write").isFalse();
      assertThat(polls.get(i).calls()).containsOnlyKeys("GET reports/{id}");
    }
    Map<String, ActionState> rows = ledger.loadStates(ticket, ledgerActionIds);
    assertThat(rows).hasSize(ledgerActionIds.size());
    assertThat(rows.values()).allMatch(r -> r.status() == ActionStatus.COMPLETED);
  }

  private List<String> ledgerActionIds = List.of();

  /**
   * Waiting polls, from the second to the last before the write: the starter decided the condition
   * from the report row and started nothing, so each cost exactly the report read.
   */
  private static void assertRowDecidedWhileWaiting(List<Poll> polls, int first) {
    for (int i = 1; i < first; i++) {
      assertThat(polls.get(i).started()).as("poll " + i + " started the ticket").isFalse();
      assertThat(polls.get(i).calls()).as("poll " + i).containsOnlyKeys("GET reports/{id}");
      assertThat(polls.get(i).comments()).isZero();
    }
  }

  @Test
  void ageSinceCreatedDateRunsAtTheFirstPollAfterFourHoursWithoutReadingTheTicketWhileItWaits()
      throws Exception {
    PipelineDefinition pipeline = pipeline("", "{ age: { since: CreatedDate, more_than: 4h } }");
    ledgerActionIds = pipeline.pipeline().actionIds();
    ReportPoller poller = poller(pipeline);
    List<Poll> polls = pollUntil(poller, created, created.plus(Duration.ofHours(5)));
    poller.stop();

    // Poll 1: the ticket is new to the ledger; the workflow reads it, the condition is false,
    // the row is not_applicable and nothing is written.
    Poll firstPoll = polls.get(0);
    assertThat(firstPoll.started()).isTrue();
    assertThat(firstPoll.calls()).containsOnlyKeys("GET reports/{id}", "GET tickets/{id}");
    assertThat(reads(firstPoll)).isEqualTo(1);
    assertThat(firstPoll.comments()).isZero();

    int first = firstWrite(polls);
    assertRowDecidedWhileWaiting(polls, first);
    assertWritesOnceAtFirstPollAfter(polls, created.plus(Duration.ofHours(4)));
    assertThat(polls.get(first).calls())
        .containsOnlyKeys("GET reports/{id}", "GET tickets/{id}", "POST tickets/{id}/feed");
    assertThat(reads(polls.get(first))).isEqualTo(1);
    System.out.printf(
        "time-based rule on CreatedDate (a report column): %d polls while waiting, 0 ticket"
            + " reads; fired at %s (created %s)%n",
        first - 1, polls.get(first).at(), created);
  }

  @Test
  void ageInBusinessHoursCountsOnlyOpeningHours() throws Exception {
    // Created Monday 06:00 UTC; opening hours 09:00-17:00 UTC: 4 business hours end at 13:00.
    PipelineDefinition pipeline =
        pipeline(
            "business_hours: { time_zone: UTC, days: [mon, tue, wed, thu, fri], opens: \"09:00\","
                + " closes: \"17:00\" }",
            "{ age: { since: CreatedDate, more_than: 4h, business_hours: true } }");
    ledgerActionIds = pipeline.pipeline().actionIds();
    ReportPoller poller = poller(pipeline);
    List<Poll> polls = pollUntil(poller, created, created.plus(Duration.ofHours(8)));
    poller.stop();

    int first = firstWrite(polls);
    assertThat(polls.get(first).at()).isAfter(created.plus(Duration.ofHours(7)));
    // Four wall-clock hours after creation nothing was written.
    assertThat(polls.stream().filter(p -> p.at().isBefore(created.plus(Duration.ofHours(7)))))
        .allMatch(p -> p.comments() == 0);
    assertRowDecidedWhileWaiting(polls, first);
    assertWritesOnceAtFirstPollAfter(polls, created.plus(Duration.ofHours(7)));
  }

  @Test
  void tqdsOwnCommentDoesNotMakeAModifiedDateRuleRereadTheTicketAtEveryPoll() throws Exception {
    // A day after the ticket's generated history: tqd comments at the first poll, which moves the
    // report's ModifiedDate. The rule "changed by someone within the last hour" must not see
    // tqd's own change (the self-trigger guard), from the workflow or from the report row.
    env.sleep(Duration.ofDays(1));
    Instant from = temporalClock.instant();
    PipelineDefinition pipeline =
        PipelineLoader.parse(
            """
            report_id: %d
            actions:
              - type: comment
                params:
                  comment_text: "Received."
              - type: comment
                when: { age: { since: ModifiedDate, less_than: 1h } }
                params:
                  comment_text: "%s"
            """
                .formatted(sandbox.reportId(), COMMENT),
            "pipeline.yaml");
    ledgerActionIds = pipeline.pipeline().actionIds();
    ReportPoller poller = poller(pipeline);
    List<Poll> polls = new ArrayList<>(pollUntil(poller, from, from.plus(Duration.ofHours(1))));

    assertThat(polls.get(0).started()).isTrue();
    assertThat(polls.get(0).calls()).containsEntry("POST tickets/{id}/feed", 1L);
    assertThat(polls).allMatch(p -> p.comments() == 0);
    // Re-read only once per recheck interval (every 7th poll, as above), though the report's
    // ModifiedDate, tqd's comment, is within the hour: each time the ticket and, because tqd
    // changed it last, its feed.
    List<Integer> evaluations = new ArrayList<>();
    for (int i = 1; i < polls.size(); i++) {
      if (polls.get(i).started()) {
        evaluations.add(i);
        assertThat(polls.get(i).calls())
            .as("poll " + i)
            .isEqualTo(
                Map.of(
                    "GET reports/{id}", 1L, "GET tickets/{id}", 1L, "GET tickets/{id}/feed", 1L));
      } else {
        assertThat(polls.get(i).calls()).as("poll " + i).containsOnlyKeys("GET reports/{id}");
      }
    }
    assertThat(evaluations).containsExactly(7);

    // Now the requestor writes: a change by someone else. The next re-evaluation, at most one
    // recheck interval later, sees it and writes the comment once.
    Instant replied = temporalClock.instant();
    sandbox.requestorWrites(ticket, 0, "Any news?");
    int before = polls.size();
    polls.addAll(pollUntil(poller, replied, replied.plus(Duration.ofHours(1))));
    poller.stop();
    int first = firstWrite(polls);
    assertThat(first).isEqualTo(14);
    assertThat(polls.subList(before, first)).noneMatch(Poll::started);
    assertThat(Duration.between(replied, polls.get(first).at()))
        .isLessThanOrEqualTo(poller.options().recheckInterval());
    assertWrittenOnceFrom(polls, first);
    System.out.printf(
        "time-based rule on ModifiedDate after tqd's own comment: re-evaluated at polls %s;"
            + " after the requestor's reply at poll %d, fired at poll %d%n",
        evaluations, before, first);
  }

  @Test
  void ageSinceTheRequestorsLastReplyRereadsTheTicketOncePerRecheckInterval() throws Exception {
    // A recheck is due once the recheck interval has passed since the evaluation, which the
    // workflow made a moment after the poll that started it: with polls exactly 5 minutes apart
    // and the default 30-minute interval, that is the 7th poll after it, 35 minutes later.
    requestorReplyRule(null, 7);
  }

  @Test
  void aRecheckIntervalJustUnderSixPollIntervalsReevaluatesAtEverySixthPoll() throws Exception {
    requestorReplyRule(INTERVAL.multipliedBy(6).minusSeconds(10), 6);
  }

  /**
   * A rule on the requestor's last reply, which no report row shows: the ticket waits, is read
   * again every {@code recheckPolls} polls and never in between, and the comment is written by the
   * first re-evaluation after the condition became true.
   */
  private void requestorReplyRule(Duration recheckInterval, int recheckPolls) throws Exception {
    // A day after the ticket's generated history, the requestor answers.
    env.sleep(Duration.ofDays(1));
    Instant replied = temporalClock.instant();
    sandbox.requestorWrites(ticket, 0, "Any news?");
    PipelineDefinition pipeline =
        pipeline("", "{ age: { since: last_requestor_reply, more_than: 4h } }");
    ledgerActionIds = pipeline.pipeline().actionIds();
    ReportPoller poller = poller(pipeline, recheckInterval);
    Duration recheck = poller.options().recheckInterval();
    assertThat(recheck)
        .isEqualTo(recheckInterval == null ? INTERVAL.multipliedBy(6) : recheckInterval);
    List<Poll> polls = pollUntil(poller, replied, replied.plus(Duration.ofHours(5)));
    poller.stop();

    int first = firstWrite(polls);
    // The ticket is read at the first poll and then once per recheck interval, never in between.
    List<Integer> evaluations = new ArrayList<>();
    for (int i = 0; i < first; i++) {
      Poll p = polls.get(i);
      assertThat(p.comments()).isZero();
      if (p.started()) {
        evaluations.add(i);
      } else {
        assertThat(p.calls()).as("poll " + i).containsOnlyKeys("GET reports/{id}");
      }
    }
    assertThat(evaluations).startsWith(0);
    for (int k = 1; k < evaluations.size(); k++) {
      Duration gap =
          Duration.between(
              polls.get(evaluations.get(k - 1)).at(), polls.get(evaluations.get(k)).at());
      assertThat(gap).as("time between re-evaluations").isGreaterThanOrEqualTo(recheck);
      assertThat(evaluations.get(k) - evaluations.get(k - 1))
          .as("polls between re-evaluations " + evaluations)
          .isEqualTo(recheckPolls);
    }
    // Every re-evaluation costs the same calls, by method.
    Map<String, Long> perEvaluation = new TreeMap<>(polls.get(evaluations.get(1)).calls());
    perEvaluation.remove("GET reports/{id}");
    for (int i : evaluations.subList(1, evaluations.size())) {
      Map<String, Long> c = new TreeMap<>(polls.get(i).calls());
      c.remove("GET reports/{id}");
      assertThat(c).as("calls of the re-evaluation at poll " + i).isEqualTo(perEvaluation);
    }
    // The ticket, and its feed for the requestor's last reply (no entry of this ticket has
    // replies, so no GET feed/{id}).
    assertThat(perEvaluation)
        .isEqualTo(Map.of("GET tickets/{id}", 1L, "GET tickets/{id}/feed", 1L));
    // The row cannot tell the requestor's last reply: the comment is written by the first
    // re-evaluation after the condition became true, within one recheck interval of it.
    Instant holds = replied.plus(Duration.ofHours(4));
    int last = evaluations.get(evaluations.size() - 1);
    assertThat(polls.get(last).at()).isBeforeOrEqualTo(holds);
    assertThat(first).isEqualTo(last + recheckPolls);
    assertThat(polls.get(first).at()).isAfter(holds);
    assertThat(Duration.between(holds, polls.get(first).at())).isLessThanOrEqualTo(recheck);
    assertWrittenOnceFrom(polls, first);

    long callsPerEvaluation = perEvaluation.values().stream().mapToLong(Long::longValue).sum();
    double perDay =
        (double) Duration.ofDays(1).toSeconds() / INTERVAL.multipliedBy(recheckPolls).toSeconds();
    System.out.printf(
        java.util.Locale.ROOT,
        "time-based rule on last_requestor_reply: per re-evaluation %s = %d calls; recheck"
            + " interval %d s, poll interval %d s: re-evaluated every %d polls (%d s) = %.1f"
            + " re-evaluations = %.0f TDX calls per ticket per day while it waits (bound: one"
            + " re-evaluation per recheck interval, %d a day, %d calls); re-evaluated at polls %s,"
            + " fired at poll %d%n",
        perEvaluation,
        callsPerEvaluation,
        recheck.toSeconds(),
        INTERVAL.toSeconds(),
        recheckPolls,
        INTERVAL.multipliedBy(recheckPolls).toSeconds(),
        perDay,
        Math.floor(perDay * callsPerEvaluation),
        Duration.ofDays(1).dividedBy(recheck),
        Duration.ofDays(1).dividedBy(recheck) * callsPerEvaluation,
        evaluations,
        first);
  }
}
