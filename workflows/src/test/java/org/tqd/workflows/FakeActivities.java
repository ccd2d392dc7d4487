package org.tqd.workflows;

import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tqd.tdx.model.Ticket;
import org.tqd.workflows.activities.ActionActivities;
import org.tqd.workflows.activities.ActionRequest;
import org.tqd.workflows.activities.ActionResult;
import org.tqd.workflows.activities.ActionResult.Outcome;
import org.tqd.workflows.activities.FailureTypes;
import org.tqd.workflows.activities.LedgerActivities;
import org.tqd.workflows.activities.TicketActivities;

/**
 * In-memory stand-ins for the activities, so these tests isolate the workflow's ordering, skipping
 * and failure rules. The real activities are tested against the TDX sandbox and PostgreSQL in the
 * activities and worker modules.
 */
final class FakeActivities implements ActionActivities, TicketActivities, LedgerActivities {

  final Map<String, LedgerState> ledger = Collections.synchronizedMap(new HashMap<>());
  final List<FailureRecord> failures = Collections.synchronizedList(new ArrayList<>());
  final List<String> executed = Collections.synchronizedList(new ArrayList<>());
  final List<ActionRequest> requests = Collections.synchronizedList(new ArrayList<>());
  final Map<String, String> failNonRetryable = Collections.synchronizedMap(new HashMap<>());
  boolean ticketMissing;

  /** When set, an action with this ID blocks (until interrupted) after counting itself down. */
  volatile String blockOn;

  final java.util.concurrent.CountDownLatch blocking = new java.util.concurrent.CountDownLatch(1);

  /** Per action ID, how many more calls fail with a (retryable) ledger outage. */
  final Map<String, Integer> ledgerDownCalls = Collections.synchronizedMap(new HashMap<>());

  static Ticket ticket(int id, int statusId, String title) {
    return new Ticket(
        id,
        46,
        title,
        "<p>desc</p>",
        1,
        1,
        statusId,
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
  public String lastRequestorReply(int ticketId, String requestorUid) {
    return null;
  }

  @Override
  public Ticket fetchTicket(int ticketId) {
    if (ticketMissing) {
      throw ApplicationFailure.newNonRetryableFailure(
          "GET tickets/{id} failed: 404 Not Found", FailureTypes.NOT_FOUND);
    }
    return ticket(ticketId, 115, "Laptop IC-EHLB760-F16 broken");
  }

  @Override
  public Map<String, LedgerState> loadTicketState(int ticketId, List<String> actionIds) {
    Map<String, LedgerState> out = new HashMap<>();
    for (String id : actionIds) {
      LedgerState s = ledger.get(ticketId + "/" + id);
      if (s != null) {
        out.put(id, s);
      }
    }
    return out;
  }

  @Override
  public void recordFailure(FailureRecord failure) {
    failures.add(failure);
  }

  final List<NotApplicableRecord> notApplicable = Collections.synchronizedList(new ArrayList<>());

  @Override
  public void recordNotApplicable(NotApplicableRecord record) {
    notApplicable.add(record);
    ledger.putIfAbsent(
        record.ticketId() + "/" + record.actionId(), new LedgerState("not_applicable", 0, false));
  }

  private ActionResult run(ActionRequest request) {
    requests.add(request);
    String id = request.action().actionId();
    executed.add(id);
    if (id.equals(blockOn)) {
      blocking.countDown();
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Integer down = ledgerDownCalls.get(id);
    if (down != null && down > 0) {
      ledgerDownCalls.put(id, down - 1);
      throw ApplicationFailure.newFailure(
          "The action ledger could not be reached", FailureTypes.LEDGER_UNAVAILABLE);
    }
    String failure = failNonRetryable.get(id);
    if (failure != null) {
      throw ApplicationFailure.newNonRetryableFailure(failure, FailureTypes.BAD_REQUEST);
    }
    Outcome outcome = request.dryRun() ? Outcome.PLANNED : Outcome.COMPLETED;
    return new ActionResult(
        id,
        request.action().type(),
        outcome,
        "ok " + id,
        "summary of " + id,
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
}
