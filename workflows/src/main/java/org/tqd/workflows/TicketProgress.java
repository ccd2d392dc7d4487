package org.tqd.workflows;

import java.util.List;
import org.tqd.workflows.activities.ActionResult;

/**
 * The answer of the {@code progress} query.
 *
 * @param ticketId the ticket
 * @param pipelineId the pipeline
 * @param actions one entry per pipeline action, in order
 */
public record TicketProgress(int ticketId, String pipelineId, List<ActionProgress> actions) {

  public TicketProgress {
    actions = List.copyOf(actions);
  }

  /** The state of one action. {@code outcome} is null while the action is pending or running. */
  public record ActionProgress(
      String actionId, String type, State state, ActionResult.Outcome outcome, String message) {}

  /** Where an action is in this run. */
  public enum State {
    PENDING,
    RUNNING,
    DONE
  }
}
