package org.tqd.starter;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.tqd.workflows.activities.ActionResult;

/**
 * How one ticket workflow started by a poll ended, as seen by {@link ReportPoller#awaitOutcomes}.
 *
 * @param ticketId the ticket
 * @param title the title from the report row, or null
 * @param workflowId the workflow ID
 * @param runId the run waited for
 * @param status see {@link Status}
 * @param message for a failure, the first failed action and what it said (or why the run ended);
 *     for a success, a count of action outcomes; for a time-out, how long was waited
 * @param actions each action's result in pipeline order; empty when the run ended without a result
 *     (terminated, timed out in Temporal, still running)
 */
public record TicketOutcome(
    int ticketId,
    String title,
    String workflowId,
    String runId,
    Status status,
    String message,
    List<ActionResult> actions) {

  public TicketOutcome {
    actions = List.copyOf(actions);
  }

  /** How the wait for one run ended. */
  public enum Status {
    /** Every action completed, was already done, or did not apply. */
    SUCCEEDED,
    /** The run failed: an action failed for good or was parked, or Temporal ended the run. */
    FAILED,
    /** The run was still going when the wait ended (time-out or stop). */
    TIMED_OUT
  }

  /**
   * One line for a terminal or log, e.g. {@code ticket 101 failed: find_active_tickets:bbb:v1:
   * TdxBadRequest: TDX said no}.
   */
  public String line() {
    return "ticket " + ticketId + " " + statusText() + ": " + message;
  }

  /** {@code succeeded}, {@code failed} or {@code timed out}. */
  public String statusText() {
    return status.name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }

  /** {@code completed 2, already done 1}: how many actions ended each way, by outcome name. */
  static String countOutcomes(List<ActionResult> actions) {
    Map<String, Long> counts =
        actions.stream()
            .collect(
                Collectors.groupingBy(
                    a -> outcomeText(a.outcome()), TreeMap::new, Collectors.counting()));
    return counts.entrySet().stream()
        .map(e -> e.getKey() + " " + e.getValue())
        .collect(Collectors.joining(", "));
  }

  /** An action outcome as operators read it: {@code ALREADY_DONE} → {@code already done}. */
  static String outcomeText(ActionResult.Outcome outcome) {
    return outcome == null ? "pending" : outcome.name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }
}
