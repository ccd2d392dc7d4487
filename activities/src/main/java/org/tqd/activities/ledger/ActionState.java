package org.tqd.activities.ledger;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One ledger row: what is known about one action on one ticket.
 *
 * @param logId the row's ID
 * @param attempt how many workflow runs tried the action since the row was created or last reset by
 *     an operator; rows written by the Python daemon, which did not count, read as 1
 * @param metadata what the action recorded (secrets removed); empty when nothing was recorded
 * @param summary the line the action contributes to the automation summary comment, or null
 * @param reference the short reference carried by the comment the action posts, or null
 * @param workflowId the Temporal workflow of the latest claim, or null (rows of the Python daemon)
 * @param runId the Temporal run of the latest claim, or null
 * @param reportId the TDX report the ticket was found in, or null
 * @param pipelineId the pipeline of the latest claim, or null
 * @param executedAt when the row was last written (the daemon's meaning), or null
 * @param startedAt when the latest claim was made, or null
 * @param completedAt when the action last finished, or null
 */
public record ActionState(
    UUID logId,
    int ticketId,
    String actionId,
    String actionType,
    String actionHash,
    ActionStatus status,
    int attempt,
    String errorMessage,
    String summary,
    String reference,
    Map<String, Object> metadata,
    String workflowId,
    String runId,
    Integer reportId,
    String pipelineId,
    Instant executedAt,
    Instant startedAt,
    Instant completedAt) {

  public ActionState {
    metadata = metadata == null ? Map.of() : metadata;
  }

  /** Whether the action needs nothing more ({@code completed} or {@code skipped}). */
  public boolean isDone() {
    return status.isDone();
  }

  /**
   * Whether polls leave the action alone until an operator retries it: it is neither done nor
   * waiting for its condition, and {@code maxRunsBeforePark} runs have tried it.
   */
  public boolean isParked(int maxRunsBeforePark) {
    return !isDone() && status != ActionStatus.NOT_APPLICABLE && attempt >= maxRunsBeforePark;
  }
}
