package org.tqd.starter;

import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.tqd.tdx.model.Ticket;
import org.tqd.workflows.activities.ActionActivities;
import org.tqd.workflows.activities.ActionRequest;
import org.tqd.workflows.activities.ActionResult;
import org.tqd.workflows.activities.ActionResult.Outcome;
import org.tqd.workflows.activities.FailureTypes;
import org.tqd.workflows.activities.LedgerActivities;
import org.tqd.workflows.activities.TicketActivities;

/**
 * Small stand-ins for the activities that record every call and keep an in-memory ledger with the
 * real ledger's rules (completed and skipped are done; a failure recorded in {@code maxRuns} runs
 * parks the action). The real activity implementations are built and tested in the activities
 * module; the starter's tests need only workflows that start, run, succeed or fail on demand, and
 * can be held running.
 */
final class TestActivities implements ActionActivities, TicketActivities, LedgerActivities {

  /** ticket → action ID → state. */
  final Map<Integer, Map<String, LedgerState>> ledger =
      Collections.synchronizedMap(new HashMap<>());

  final List<String> calls = Collections.synchronizedList(new ArrayList<>());
  final AtomicInteger ticketReads = new AtomicInteger();

  /** "ticket/type" pairs whose next execution fails non-retryably (once each). */
  final Set<String> failOnce = Collections.synchronizedSet(new HashSet<>());

  /** Actions wait here while {@link #hold} is true, until {@link #release()}. */
  private final Semaphore gate = new Semaphore(0);

  final AtomicInteger waiting = new AtomicInteger();
  volatile boolean hold;
  private final int maxRuns;

  TestActivities(int maxRuns) {
    this.maxRuns = maxRuns;
  }

  /** Lets every held and future action run. */
  void release() {
    hold = false;
    gate.release(10_000);
  }

  @Override
  public String lastRequestorReply(int ticketId, String requestorUid) {
    return null;
  }

  @Override
  public Ticket fetchTicket(int ticketId) {
    ticketReads.incrementAndGet();
    return new Ticket(
        ticketId,
        46,
        "Ticket " + ticketId,
        "<p>desc</p>",
        1,
        1,
        115,
        "Open",
        1,
        "uid-1",
        "Requestor",
        "r@example.edu",
        null,
        0,
        "2026-01-01T00:00:00Z",
        "2026-01-02T00:00:00Z");
  }

  @Override
  public Map<String, LedgerState> loadTicketState(int ticketId, List<String> actionIds) {
    Map<String, LedgerState> states = ledger.getOrDefault(ticketId, Map.of());
    Map<String, LedgerState> out = new LinkedHashMap<>();
    synchronized (ledger) {
      for (String id : actionIds) {
        if (states.containsKey(id)) {
          out.put(id, states.get(id));
        }
      }
    }
    return out;
  }

  @Override
  public void recordNotApplicable(NotApplicableRecord record) {
    synchronized (ledger) {
      Map<String, LedgerState> states =
          ledger.computeIfAbsent(record.ticketId(), k -> new HashMap<>());
      LedgerState before = states.get(record.actionId());
      if (before == null || !before.done()) {
        int attempt = before == null ? 0 : before.attempt();
        states.put(record.actionId(), new LedgerState("not_applicable", attempt, false));
      }
    }
  }

  @Override
  public void recordFailure(FailureRecord failure) {
    synchronized (ledger) {
      Map<String, LedgerState> states =
          ledger.computeIfAbsent(failure.ticketId(), k -> new HashMap<>());
      LedgerState before = states.get(failure.actionId());
      int attempt = before == null ? 1 : before.attempt() + 1;
      states.put(failure.actionId(), new LedgerState("failed", attempt, attempt >= maxRuns));
    }
  }

  private ActionResult run(ActionRequest request) {
    int ticket = request.ticketId();
    String type = request.action().type();
    calls.add(ticket + "/" + type);
    if (hold) {
      waiting.incrementAndGet();
      try {
        if (!gate.tryAcquire(30, TimeUnit.SECONDS)) {
          throw new IllegalStateException("test gate never opened");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      } finally {
        waiting.decrementAndGet();
      }
    }
    if (failOnce.remove(ticket + "/" + type)) {
      throw ApplicationFailure.newNonRetryableFailure(
          "TDX rejected " + type + " on ticket " + ticket, FailureTypes.BAD_REQUEST);
    }
    if (!request.dryRun()) {
      synchronized (ledger) {
        Map<String, LedgerState> states = ledger.computeIfAbsent(ticket, k -> new HashMap<>());
        LedgerState before = states.get(request.action().actionId());
        states.put(
            request.action().actionId(),
            new LedgerState("completed", before == null ? 1 : before.attempt() + 1, false));
      }
    }
    return new ActionResult(
        request.action().actionId(),
        type,
        request.dryRun() ? Outcome.PLANNED : Outcome.COMPLETED,
        type + " done on " + ticket,
        null,
        List.of(),
        List.of(),
        Map.of());
  }

  @Override
  public ActionResult addAsset(ActionRequest request) {
    return run(request);
  }

  @Override
  public ActionResult comment(ActionRequest request) {
    return run(request);
  }

  @Override
  public ActionResult changeStatus(ActionRequest request) {
    return run(request);
  }

  @Override
  public ActionResult assign(ActionRequest request) {
    return run(request);
  }

  @Override
  public ActionResult findActiveTickets(ActionRequest request) {
    return run(request);
  }

  @Override
  public ActionResult summaryComment(ActionRequest request) {
    return run(request);
  }

  /** The ledger as a {@link WorkTracker}: one answer for all tickets, as the real ledger gives. */
  WorkTracker tracker(AtomicInteger queries) {
    return (ticketIds, actionIds, maxRunsBeforePark) -> {
      queries.incrementAndGet();
      Set<Integer> needing = new HashSet<>();
      Set<Integer> failed = new HashSet<>();
      synchronized (ledger) {
        for (int ticket : ticketIds) {
          Map<String, LedgerState> states = ledger.getOrDefault(ticket, Map.of());
          for (String action : actionIds) {
            LedgerState s = states.get(action);
            if (s == null || (!s.done() && !s.parked())) {
              needing.add(ticket);
            }
            if (s != null && "failed".equals(s.status()) && !s.parked()) {
              failed.add(ticket);
            }
          }
        }
      }
      failed.retainAll(needing);
      return new WorkTracker.PendingWork(needing, failed);
    };
  }
}
