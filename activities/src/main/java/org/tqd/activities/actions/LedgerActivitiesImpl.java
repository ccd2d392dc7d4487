package org.tqd.activities.actions;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tqd.activities.ledger.ActionLedger;
import org.tqd.activities.ledger.ActionState;
import org.tqd.activities.ledger.ClaimContext;
import org.tqd.activities.ledger.LedgerRejectedException;
import org.tqd.activities.ledger.LedgerUnavailableException;
import org.tqd.workflows.activities.LedgerActivities;

/**
 * The workflow's ledger reads and failure records, over {@link ActionLedger}. A ledger that cannot
 * be reached is a retryable {@code LedgerUnavailable} failure.
 */
public final class LedgerActivitiesImpl implements LedgerActivities {

  private final ActionLedger ledger;
  private final int maxRunsBeforePark;

  /**
   * @param maxRunsBeforePark an unfinished action tried by this many runs reads as parked (normally
   *     {@code TicketRun.DEFAULT_MAX_RUNS_BEFORE_PARK}, 3)
   */
  public LedgerActivitiesImpl(ActionLedger ledger, int maxRunsBeforePark) {
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    if (maxRunsBeforePark < 1) {
      throw new IllegalArgumentException(
          "maxRunsBeforePark must be at least 1, got " + maxRunsBeforePark);
    }
    this.maxRunsBeforePark = maxRunsBeforePark;
  }

  @Override
  public Map<String, LedgerState> loadTicketState(int ticketId, List<String> actionIds) {
    try {
      Map<String, LedgerState> out = new LinkedHashMap<>();
      for (Map.Entry<String, ActionState> e : ledger.loadStates(ticketId, actionIds).entrySet()) {
        ActionState s = e.getValue();
        out.put(
            e.getKey(),
            new LedgerState(s.status().dbValue(), s.attempt(), s.isParked(maxRunsBeforePark)));
      }
      return out;
    } catch (LedgerUnavailableException e) {
      throw ActionFailures.ledgerUnavailable(ticketId, "LoadTicketState", e);
    } catch (LedgerRejectedException e) {
      throw ActionFailures.ledgerRejected(ticketId, "LoadTicketState", e);
    }
  }

  @Override
  public void recordNotApplicable(NotApplicableRecord record) {
    try {
      ledger.recordNotApplicable(
          record.ticketId(),
          record.actionId(),
          record.actionType(),
          record.actionHash(),
          "Condition not met: " + record.condition(),
          new ClaimContext(
              record.workflowId(),
              record.runId(),
              record.reportId() == 0 ? null : record.reportId(),
              record.pipelineId()),
          record.evaluatedAtMillis() == null
              ? null
              : java.time.Instant.ofEpochMilli(record.evaluatedAtMillis()));
    } catch (LedgerUnavailableException e) {
      throw ActionFailures.ledgerUnavailable(record.ticketId(), record.actionId(), e);
    } catch (LedgerRejectedException e) {
      throw ActionFailures.ledgerRejected(record.ticketId(), record.actionId(), e);
    }
  }

  @Override
  public void recordFailure(FailureRecord failure) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("workflow_id", failure.workflowId());
    metadata.put("run_id", failure.runId());
    metadata.put("report_id", failure.reportId());
    metadata.put("pipeline_id", failure.pipelineId());
    try {
      ledger.failRun(
          failure.ticketId(),
          failure.actionId(),
          failure.errorMessage(),
          metadata,
          failure.runId());
    } catch (LedgerUnavailableException e) {
      throw ActionFailures.ledgerUnavailable(failure.ticketId(), failure.actionId(), e);
    } catch (LedgerRejectedException e) {
      throw ActionFailures.ledgerRejected(failure.ticketId(), failure.actionId(), e);
    }
  }
}
