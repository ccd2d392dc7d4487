package org.tqd.workflows.activities;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;
import java.util.Map;

/**
 * Ledger reads and failure records for the workflow, on the ticket task queue ({@link
 * TaskQueues#TICKETS}). A ledger that cannot be reached is a retryable failure: the workflow waits
 * rather than run actions that may already be done.
 */
@ActivityInterface
public interface LedgerActivities {

  /** The ledger state of each of the given actions on the ticket, in one query. */
  @ActivityMethod(name = "LoadTicketState")
  Map<String, LedgerState> loadTicketState(int ticketId, List<String> actionIds);

  /** Marks the action {@code failed} with the error (no secrets), after retries are exhausted. */
  @ActivityMethod(name = "RecordFailure")
  void recordFailure(FailureRecord failure);

  /**
   * Records that the action's condition did not hold for the ticket in this run: ledger status
   * {@code not_applicable}, evaluated again by later runs while the ticket is in the report. Never
   * replaces a done row, and keeps what an earlier claim stored (plan, reference, run count).
   */
  @ActivityMethod(name = "RecordNotApplicable")
  void recordNotApplicable(NotApplicableRecord record);

  /**
   * A not-applicable decision to record.
   *
   * @param ticketId the ticket
   * @param actionId the action ID
   * @param actionType the action type
   * @param actionHash the action's full configuration hash
   * @param reportId the report (0 when started by hand)
   * @param pipelineId the pipeline
   * @param workflowId the workflow ID of this run
   * @param runId the run ID
   * @param condition the condition that did not hold, as {@code ActionCondition.describe()} says it
   * @param evaluatedAtMillis when the condition was evaluated, in the workflow's clock (epoch
   *     milliseconds); null in records of older runs (the ledger then uses its own time)
   */
  record NotApplicableRecord(
      int ticketId,
      String actionId,
      String actionType,
      String actionHash,
      int reportId,
      String pipelineId,
      String workflowId,
      String runId,
      String condition,
      Long evaluatedAtMillis) {

    /** A record without an evaluation time. */
    public NotApplicableRecord(
        int ticketId,
        String actionId,
        String actionType,
        String actionHash,
        int reportId,
        String pipelineId,
        String workflowId,
        String runId,
        String condition) {
      this(
          ticketId,
          actionId,
          actionType,
          actionHash,
          reportId,
          pipelineId,
          workflowId,
          runId,
          condition,
          null);
    }
  }

  /**
   * The ledger state of one action on one ticket.
   *
   * @param status {@code in_progress}, {@code completed}, {@code failed}, {@code skipped} or {@code
   *     not_applicable}
   * @param attempt how many runs have tried this action (0 for rows written by the Python daemon)
   * @param parked true when the action failed in at least {@code maxRunsBeforePark} runs
   */
  record LedgerState(String status, int attempt, boolean parked) {

    /** Completed or skipped: nothing left to do. */
    public boolean done() {
      return "completed".equals(status) || "skipped".equals(status);
    }
  }

  /**
   * A failure to record.
   *
   * @param ticketId the ticket
   * @param actionId the action ID
   * @param actionType the action type
   * @param actionHash the action's full configuration hash
   * @param reportId the report (0 when started by hand)
   * @param pipelineId the pipeline
   * @param workflowId the workflow ID of this run
   * @param runId the run ID
   * @param errorMessage what went wrong and what happens next, without secrets
   */
  record FailureRecord(
      int ticketId,
      String actionId,
      String actionType,
      String actionHash,
      int reportId,
      String pipelineId,
      String workflowId,
      String runId,
      String errorMessage) {}
}
