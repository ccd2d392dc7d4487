package org.tqd.workflows;

import java.util.List;
import org.tqd.workflows.activities.ActionResult;

/**
 * What one run did to a ticket.
 *
 * @param ticketId the ticket
 * @param pipelineId the pipeline
 * @param dryRun whether this was a dry run (results then describe planned writes)
 * @param results one result per pipeline action, in order
 */
public record TicketRunResult(
    int ticketId, String pipelineId, boolean dryRun, List<ActionResult> results) {

  public TicketRunResult {
    results = List.copyOf(results);
  }

  /** True when no action failed. */
  public boolean succeeded() {
    return results.stream().noneMatch(r -> r.outcome() == ActionResult.Outcome.FAILED);
  }
}
