package org.tqd.activities.ledger;

/**
 * Who is claiming an action: recorded on the row, and used to count runs. Any field may be null
 * (for example when an operator tool claims); a null run ID counts as a new run every time.
 *
 * @param workflowId the Temporal workflow ID ({@code tqd:{ticket}:{pipeline}})
 * @param runId the Temporal run ID: claims from the same run (activity retries) count one attempt
 * @param reportId the TDX report the ticket came from
 * @param pipelineId the pipeline ID (first 12 hex characters of the SHA-256 of the action IDs)
 */
public record ClaimContext(String workflowId, String runId, Integer reportId, String pipelineId) {}
