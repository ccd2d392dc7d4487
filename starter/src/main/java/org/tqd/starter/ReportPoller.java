package org.tqd.starter;

import io.temporal.client.WorkflowClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tqd.starter.PollResult.Disposition;
import org.tqd.starter.PollResult.ErrorKind;
import org.tqd.starter.PollResult.PollError;
import org.tqd.starter.PollResult.TicketStart;
import org.tqd.starter.ReportTickets.ReportTicket;
import org.tqd.starter.WorkTracker.PendingWork;
import org.tqd.tdx.TdxApi;
import org.tqd.tdx.TdxException;
import org.tqd.tdx.model.Report;
import org.tqd.workflows.TicketRun;

/**
 * The report poller: each poll reads the report once, asks the {@link WorkTracker} once which of
 * its tickets still need work, and starts one {@code TicketWorkflow} per such ticket with {@link
 * WorkflowClient#start}. The ledger decides what runs: tickets whose remaining actions wait only
 * for conditions are started when the report row shows a condition holding, or once per recheck
 * interval when the row cannot tell ({@link ConditionRecheck}). Temporal rejects a second run of a
 * ticket's workflow while one is running (conflict policy FAIL; reuse policy ALLOW_DUPLICATE, so a
 * closed run never blocks a later one); such rejections are counted as "in flight", not as errors.
 *
 * <p>Guarantees:
 *
 * <ul>
 *   <li>A report that cannot be fetched is an error of the poll, never an empty report; a report
 *       without the ID column is a configuration error; a ledger that cannot be read is an error.
 *       In each case nothing is started.
 *   <li>One log line per poll (INFO, WARN with start errors, ERROR with a poll error), with this
 *       poll's numbers only.
 *   <li>After {@link #stop()} no new start call is made; start calls already under way finish and
 *       are counted; the daemon loop and any {@link #awaitOutcomes} wait return promptly.
 *   <li>Polls never overlap: a {@link #pollOnce()} from a second thread waits for the first.
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class ReportPoller {

  private static final Logger log = LoggerFactory.getLogger(ReportPoller.class);

  private final WorkflowClient client;
  private final TdxApi tdx;
  private final WorkTracker tracker;
  private final StarterOptions options;
  private final Runnable beforePoll;
  private final PollListener listener;
  private final Clock clock;
  private final TicketStarter starter;
  private final ConditionRecheck recheck;

  private final ReentrantLock pollLock = new ReentrantLock();
  private final AtomicLong pollNumber = new AtomicLong();
  private final AtomicReference<PollTotals> totals = new AtomicReference<>(PollTotals.NONE);
  private final CountDownLatch stopSignal = new CountDownLatch(1);
  private final CompletableFuture<Void> stopFuture = new CompletableFuture<>();
  private final AtomicInteger activeCalls = new AtomicInteger();
  private final Object idle = new Object();
  private volatile boolean stopped;

  /**
   * A poller without a pre-poll hook or listener.
   *
   * @param client the Temporal client of the namespace the worker serves
   * @param tdx the TDX API (only {@link TdxApi#getReport} is called)
   * @param tracker the ledger's answer to "which tickets need work"; {@link
   *     WorkTracker#everyTicket()} when there is no ledger
   * @param options what to poll and how to start
   */
  public ReportPoller(
      WorkflowClient client, TdxApi tdx, WorkTracker tracker, StarterOptions options) {
    this(client, tdx, tracker, options, null, null);
  }

  /**
   * A poller.
   *
   * @param beforePoll run at the start of each poll, before the report call (the app refreshes the
   *     asset index here); null for none. If it throws, the failure is logged and the poll goes on.
   * @param listener told about every poll (metrics); null for none
   */
  public ReportPoller(
      WorkflowClient client,
      TdxApi tdx,
      WorkTracker tracker,
      StarterOptions options,
      Runnable beforePoll,
      PollListener listener) {
    this(client, tdx, tracker, options, beforePoll, listener, Clock.systemUTC());
  }

  ReportPoller(
      WorkflowClient client,
      TdxApi tdx,
      WorkTracker tracker,
      StarterOptions options,
      Runnable beforePoll,
      PollListener listener,
      Clock clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.tdx = Objects.requireNonNull(tdx, "tdx");
    this.tracker = Objects.requireNonNull(tracker, "tracker");
    this.options = Objects.requireNonNull(options, "options");
    this.beforePoll = beforePoll;
    this.listener = listener;
    this.clock = clock;
    this.starter = new TicketStarter(client, options);
    this.recheck = new ConditionRecheck(tdx, options);
  }

  /** The options this poller runs with. */
  public StarterOptions options() {
    return options;
  }

  /** Sums over every poll so far; per-poll numbers are in each {@link PollResult}. */
  public PollTotals totals() {
    return totals.get();
  }

  /** Whether {@link #stop()} was called. */
  public boolean isStopped() {
    return stopped;
  }

  /**
   * Polls once: reads the report, asks the tracker, starts workflows, logs the poll's line and
   * tells the listener. Errors are returned in the result, not thrown.
   */
  public PollResult pollOnce() {
    enter();
    pollLock.lock();
    try {
      PollResult result = poll(pollNumber.incrementAndGet());
      totals.updateAndGet(t -> t.plus(result));
      logLine(result);
      notifyListener(result);
      return result;
    } finally {
      pollLock.unlock();
      leave();
    }
  }

  /**
   * Polls until {@link #stop()}: a poll, then {@link StarterOptions#interval()} of rest after it
   * ends, and so on. A failed poll is logged and the loop goes on; an unexpected exception in a
   * poll is logged with its stack trace and the loop goes on. Returns once stopped, after the
   * current poll's start calls under way have finished.
   */
  public void runDaemon() {
    enter();
    try {
      log.info(
          "polling report {}{} every {} s after each poll ends{}",
          options.reportId(),
          options.pipeline().name() == null ? "" : " (pipeline " + options.pipeline().name() + ")",
          options.interval().toSeconds(),
          options.dryRun() ? " (dry run)" : "");
      while (!stopped) {
        try {
          pollOnce();
        } catch (RuntimeException e) {
          log.error(
              "poll of report {} failed unexpectedly; polling goes on", options.reportId(), e);
        }
        if (stopped || sleepUntilStopped(options.interval())) {
          break;
        }
      }
      log.info("stopped polling report {}", options.reportId());
    } finally {
      leave();
    }
  }

  /**
   * Stops polling: no start call is made after this returns; calls under way finish. The daemon
   * loop returns after the current poll; a later {@link #pollOnce()} starts nothing. Safe to call
   * from any thread (a shutdown hook, a signal handler) and more than once.
   */
  public void stop() {
    stopped = true;
    stopSignal.countDown();
    stopFuture.complete(null);
  }

  /**
   * {@link #stop()}, then waits up to {@code timeout} until no poll, daemon loop or outcome wait of
   * this poller is running. For a shutdown hook.
   *
   * @return true when everything finished in time
   */
  public boolean stopAndWait(Duration timeout) throws InterruptedException {
    stop();
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (idle) {
      while (activeCalls.get() > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(idle, left);
      }
    }
    return true;
  }

  /**
   * Waits for the workflows {@code poll} started and returns how each ended, in report order. See
   * {@link #awaitOutcomes(PollResult, Duration, Consumer)}.
   */
  public List<TicketOutcome> awaitOutcomes(PollResult poll, Duration timeout) {
    return awaitOutcomes(poll, timeout, null);
  }

  /**
   * Waits for the workflows {@code poll} started, by workflow and run ID (no visibility query), and
   * returns how each ended, in report order: succeeded, failed (with the first failed action's
   * message), or timed out when {@code timeout} passed first or the poller was stopped.
   *
   * @param onOutcome told about each outcome as it arrives, from a Temporal client thread (calls
   *     are serialized); null for none
   */
  public List<TicketOutcome> awaitOutcomes(
      PollResult poll, Duration timeout, Consumer<TicketOutcome> onOutcome) {
    enter();
    try {
      return new OutcomeWaiter(client).await(poll.startedRuns(), timeout, onOutcome, stopFuture);
    } finally {
      leave();
    }
  }

  private PollResult poll(long number) {
    Instant startedAt = clock.instant();
    long t0 = System.nanoTime();
    PollBuilder result = new PollBuilder(number, startedAt, t0);
    if (stopped) {
      return result.stopped();
    }
    // A dry run writes nothing, so a pause does not hold its previews.
    try {
      java.util.Optional<String> paused =
          options.dryRun()
              ? java.util.Optional.empty()
              : options.pauseCheck().pausedBecause(options.pipeline().name());
      if (paused.isPresent()) {
        return result.paused(paused.get());
      }
    } catch (RuntimeException e) {
      log.debug("pause switch of report {} could not be read", options.reportId(), e);
      String message = e.getMessage() == null ? TicketStarter.rootMessage(e) : e.getMessage();
      return result.error(
          ErrorKind.LEDGER,
          "could not read the pause switch: "
              + message.replaceAll("[.\\s]+$", "")
              + "; nothing started, the next poll asks again");
    }
    runBeforePoll();

    Report report;
    try {
      report = tdx.getReport(options.reportId(), true);
    } catch (TdxException e) {
      return result.error(ErrorKind.REPORT, e.getMessage());
    } catch (RuntimeException e) {
      log.debug("report {} could not be fetched", options.reportId(), e);
      return result.error(ErrorKind.REPORT, TicketStarter.rootMessage(e));
    }
    if (report == null) {
      return result.error(ErrorKind.REPORT, "TDX returned no report " + options.reportId());
    }
    result.reportName = report.name();
    result.rows = report.dataRows() == null ? 0 : report.dataRows().size();

    ReportTickets found;
    try {
      found = ReportTickets.extract(report, options.idColumn(), options.titleColumn());
    } catch (ReportConfigurationException e) {
      return result.error(ErrorKind.CONFIGURATION, e.getMessage());
    }
    result.found = found.tickets().size();
    result.withoutId = found.withoutId();
    result.duplicates = found.duplicates();
    if (found.tickets().isEmpty()) {
      return result.done(List.of());
    }
    if (stopped) {
      return result.done(
          found.tickets().stream().map(t -> notStarted(t, "poller stopped")).toList());
    }

    PendingWork pending;
    try {
      pending =
          tracker.pendingWork(
              found.ids(), options.pipeline().actionIds(), options.maxRunsBeforePark());
    } catch (RuntimeException e) {
      log.debug("ledger query for report {} failed", options.reportId(), e);
      // the ledger's own exceptions say what was being done; a bare driver error says less
      String message = e.getMessage() == null ? TicketStarter.rootMessage(e) : e.getMessage();
      return result.error(
          ErrorKind.LEDGER, message.replaceAll("[.\\s]+$", "") + "; the next poll asks again");
    }
    return result.done(startAll(found.tickets(), pending));
  }

  /**
   * Starts every ticket that needs work, and every ticket waiting for conditions that are due to be
   * evaluated again, a few at a time, keeping report order in the result.
   */
  private List<TicketStart> startAll(List<ReportTicket> tickets, PendingWork pending) {
    TicketStart[] out = new TicketStart[tickets.size()];
    List<Integer> toStart = new ArrayList<>();
    Map<Integer, ConditionRecheck.Reason> due =
        pending.waiting().isEmpty()
            ? Map.of()
            : recheck.due(tickets, pending.waiting(), clock.instant());
    Set<Integer> waiting = new HashSet<>();
    pending.waiting().forEach(w -> waiting.add(w.ticketId()));
    for (int i = 0; i < tickets.size(); i++) {
      ReportTicket ticket = tickets.get(i);
      if (pending.needingWork().contains(ticket.id()) || due.containsKey(ticket.id())) {
        toStart.add(i);
      } else if (waiting.contains(ticket.id())) {
        out[i] =
            new TicketStart(
                ticket.id(),
                ticket.title(),
                workflowId(ticket),
                null,
                Disposition.WAITING,
                "ledger: every action done or parked but for conditions that did not hold;"
                    + " evaluated again when the report row shows them holding, or after "
                    + options.recheckInterval().toSeconds()
                    + " s");
      } else {
        out[i] =
            new TicketStart(
                ticket.id(),
                ticket.title(),
                workflowId(ticket),
                null,
                Disposition.ALREADY_DONE,
                "ledger: every action done or parked");
      }
    }
    if (toStart.isEmpty()) {
      return Arrays.asList(out);
    }
    AtomicReference<String> unavailable = new AtomicReference<>();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(options.startConcurrency(), toStart.size()),
            r -> {
              Thread t =
                  new Thread(
                      r,
                      "tqd-starter-"
                          + (options.pipeline().name() == null
                              ? options.reportId()
                              : options.pipeline().name()));
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int index : toStart) {
        ReportTicket ticket = tickets.get(index);
        Set<Integer> failedBefore = pending.failedBefore();
        futures.add(
            pool.submit(
                () ->
                    out[index] =
                        startOne(ticket, failedBefore.contains(ticket.id()), unavailable)));
      }
      for (Future<?> f : futures) {
        awaitUninterruptibly(f);
      }
    } finally {
      pool.shutdown();
    }
    return Arrays.asList(out);
  }

  private TicketStart startOne(
      ReportTicket ticket, boolean failedBefore, AtomicReference<String> unavailable) {
    if (stopped) {
      return notStarted(ticket, "poller stopped");
    }
    String reason = unavailable.get();
    if (reason != null) {
      return notStarted(ticket, reason);
    }
    try {
      return starter.start(ticket, failedBefore);
    } catch (TicketStarter.TemporalUnavailable e) {
      if (unavailable.compareAndSet(null, e.getMessage())) {
        log.error("{}; not starting the rest of this poll", e.getMessage());
      }
      return new TicketStart(
          ticket.id(),
          ticket.title(),
          workflowId(ticket),
          null,
          Disposition.START_FAILED,
          e.getMessage());
    } catch (RuntimeException e) {
      log.error("ticket {}: unexpected error starting its workflow", ticket.id(), e);
      return new TicketStart(
          ticket.id(),
          ticket.title(),
          workflowId(ticket),
          null,
          Disposition.START_FAILED,
          TicketStarter.rootMessage(e));
    }
  }

  private TicketStart notStarted(ReportTicket ticket, String why) {
    return new TicketStart(
        ticket.id(), ticket.title(), workflowId(ticket), null, Disposition.NOT_STARTED, why);
  }

  private String workflowId(ReportTicket ticket) {
    return TicketRun.workflowId(ticket.id(), options.pipeline().pipelineId(), options.dryRun());
  }

  private void runBeforePoll() {
    if (beforePoll == null) {
      return;
    }
    try {
      beforePoll.run();
    } catch (RuntimeException e) {
      log.warn("pre-poll step failed, polling anyway: {}", TicketStarter.rootMessage(e), e);
    }
  }

  private void logLine(PollResult result) {
    if (result.error() != null) {
      log.error(result.line());
    } else if (!result.succeeded()) {
      log.warn(result.line());
      result.tickets().stream()
          .filter(t -> t.disposition() == Disposition.START_FAILED)
          .limit(5)
          .forEach(t -> log.warn("  ticket {}: start failed: {}", t.ticketId(), t.message()));
    } else {
      log.info(result.line());
    }
  }

  private void notifyListener(PollResult result) {
    if (listener == null) {
      return;
    }
    try {
      listener.pollFinished(result);
    } catch (RuntimeException e) {
      log.warn("poll listener failed: {}", TicketStarter.rootMessage(e), e);
    }
  }

  /** Sleeps for {@code interval} or until stopped. Returns true when stopped. */
  private boolean sleepUntilStopped(Duration interval) {
    try {
      return stopSignal.await(interval.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      // an interrupt of the daemon thread means the same as stop()
      Thread.currentThread().interrupt();
      stop();
      return true;
    }
  }

  private static void awaitUninterruptibly(Future<?> f) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          f.get();
          return;
        } catch (InterruptedException e) {
          // start calls under way are allowed to finish; the interrupt is restored afterwards
          interrupted = true;
        } catch (java.util.concurrent.ExecutionException e) {
          throw new IllegalStateException("start task failed", e.getCause());
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void enter() {
    activeCalls.incrementAndGet();
  }

  private void leave() {
    if (activeCalls.decrementAndGet() == 0) {
      synchronized (idle) {
        idle.notifyAll();
      }
    }
  }

  /** Collects one poll's numbers while it runs. */
  private final class PollBuilder {
    private final long number;
    private final Instant startedAt;
    private final long t0;
    String reportName;
    int rows;
    int found;
    int withoutId;
    int duplicates;

    PollBuilder(long number, Instant startedAt, long t0) {
      this.number = number;
      this.startedAt = startedAt;
      this.t0 = t0;
    }

    PollResult done(List<TicketStart> tickets) {
      boolean wasStopped =
          tickets.stream().anyMatch(t -> t.disposition() == Disposition.NOT_STARTED) && stopped;
      return build(tickets, null, wasStopped);
    }

    PollResult error(ErrorKind kind, String message) {
      return build(List.of(), new PollError(kind, message), false);
    }

    PollResult stopped() {
      return build(List.of(), null, true);
    }

    PollResult paused(String why) {
      return build(List.of(), null, false, why);
    }

    private PollResult build(List<TicketStart> tickets, PollError error, boolean wasStopped) {
      return build(tickets, error, wasStopped, null);
    }

    private PollResult build(
        List<TicketStart> tickets, PollError error, boolean wasStopped, String paused) {
      return new PollResult(
          number,
          options.reportId(),
          reportName,
          options.dryRun(),
          startedAt,
          Duration.ofNanos(System.nanoTime() - t0),
          rows,
          found,
          withoutId,
          duplicates,
          tickets,
          error,
          wasStopped,
          options.pipeline().name(),
          paused);
    }
  }
}
