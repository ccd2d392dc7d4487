package org.tqd.workflows;

import org.tqd.workflows.action.Pipeline;

/**
 * The input of one {@link TicketWorkflow} run: which ticket, which pipeline, and how.
 *
 * @param ticketId the TDX ticket ID
 * @param reportId the report the ticket was found in (0 when started by hand)
 * @param title the ticket title from the report row, for the Web UI summary (may be null)
 * @param pipeline the actions to run, fixed for the life of this run
 * @param dryRun when true, actions read and plan but write nothing to TDX or the ledger
 * @param maxRunsBeforePark after this many failed runs an action is parked until an operator clears
 *     it
 * @param row the ticket's report row (column name to value) that conditions on {@code column:}
 *     read; empty when started by hand or by a starter from before rules
 */
public record TicketRun(
    int ticketId,
    int reportId,
    String title,
    Pipeline pipeline,
    boolean dryRun,
    int maxRunsBeforePark,
    java.util.Map<String, Object> row) {

  public TicketRun {
    row =
        row == null
            ? java.util.Map.of()
            : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(row));
  }

  /** A run without a report row. */
  public TicketRun(
      int ticketId,
      int reportId,
      String title,
      Pipeline pipeline,
      boolean dryRun,
      int maxRunsBeforePark) {
    this(ticketId, reportId, title, pipeline, dryRun, maxRunsBeforePark, null);
  }

  /** Default of {@link #maxRunsBeforePark}. */
  public static final int DEFAULT_MAX_RUNS_BEFORE_PARK = 3;

  /** Workflow ID prefix of real runs. */
  public static final String ID_PREFIX = "tqd:";

  /** Workflow ID prefix of dry runs, which never block or count as real runs. */
  public static final String DRY_RUN_ID_PREFIX = "tqd-dry:";

  /** {@code tqd:{ticketId}:{pipelineId}}, or {@code tqd-dry:…} for a dry run. */
  public String workflowId() {
    return workflowId(ticketId, pipeline.pipelineId(), dryRun);
  }

  /** The workflow ID of a ticket under a pipeline. */
  public static String workflowId(int ticketId, String pipelineId, boolean dryRun) {
    return (dryRun ? DRY_RUN_ID_PREFIX : ID_PREFIX) + ticketId + ":" + pipelineId;
  }
}
