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
 * @param pipelineName the pipeline's name in a {@code pipelines:} file, or null: the kill switch of
 *     that name holds this action's writes
 * @param maxWritesPerTicketPerDay the pipeline's write budget per ticket; 0 (a request recorded
 *     before budgets) means the default
 */
public record ActionRequest(
    Ticket ticket,
    int reportId,
    String pipelineId,
    ActionSpec action,
    List<String> earlierActionIds,
    RunContext context,
    boolean dryRun,
    java.util.Map<String, Object> row,
    String pipelineName,
    int maxWritesPerTicketPerDay) {

  public ActionRequest {
    if (maxWritesPerTicketPerDay <= 0) {
      maxWritesPerTicketPerDay =
          org.tqd.workflows.action.Pipeline.DEFAULT_MAX_WRITES_PER_TICKET_PER_DAY;
    }
    earlierActionIds = List.copyOf(earlierActionIds);
    row =
        row == null
            ? java.util.Map.of()
            : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(row));
  }

  /** A request of an unnamed pipeline with the default write budget. */
  public ActionRequest(
      Ticket ticket,
      int reportId,
      String pipelineId,
      ActionSpec action,
      List<String> earlierActionIds,
      RunContext context,
      boolean dryRun,
      java.util.Map<String, Object> row) {
    this(ticket, reportId, pipelineId, action, earlierActionIds, context, dryRun, row, null, 0);
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
    this(ticket, reportId, pipelineId, action, earlierActionIds, context, dryRun, null, null, 0);
  }

  /** The ticket ID. */
  public int ticketId() {
    return ticket.id();
  }
}
