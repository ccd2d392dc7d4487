package org.tqd.workflows.activities;

import java.util.List;
import org.tqd.tdx.model.Ticket;
import org.tqd.workflows.action.ActionSpec;

/**
 * The input of one action activity.
 *
 * @param ticket the ticket as read once at the start of the run
 * @param reportId the report the ticket came from (0 when started by hand)
 * @param pipelineId the pipeline this action belongs to
 * @param action the action to run, with its effective parameters
 * @param earlierActionIds the action IDs before this one in the pipeline, in order (the summary
 *     comment reads their summaries from the ledger)
 * @param context what earlier actions did in this run
 * @param dryRun when true the action reads and plans, writing nothing to TDX or the ledger
 * @param row the report row cells the pipeline reads ({@code {{row.X}}}); empty when none
 */
public record ActionRequest(
    Ticket ticket,
    int reportId,
    String pipelineId,
    ActionSpec action,
    List<String> earlierActionIds,
    RunContext context,
    boolean dryRun,
    java.util.Map<String, Object> row) {

  public ActionRequest {
    earlierActionIds = List.copyOf(earlierActionIds);
    row =
        row == null
            ? java.util.Map.of()
            : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(row));
  }

  /** A request without a report row. */
  public ActionRequest(
      Ticket ticket,
      int reportId,
      String pipelineId,
      ActionSpec action,
      List<String> earlierActionIds,
      RunContext context,
      boolean dryRun) {
    this(ticket, reportId, pipelineId, action, earlierActionIds, context, dryRun, null);
  }

  /** The ticket ID. */
  public int ticketId() {
    return ticket.id();
  }
}
