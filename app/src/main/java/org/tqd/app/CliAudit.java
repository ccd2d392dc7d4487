package org.tqd.app;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tqd.activities.ledger.AuditLog;

/**
 * The audit rows of operator commands ({@code tqd retry}, {@code cancel}, {@code ledger
 * clear-failed}, {@code pause}, {@code resume}, {@code undo}): the actor is the OS user, the source
 * {@code cli}. The initiation is recorded before the command acts, and its outcome after.
 */
public final class CliAudit {

  private static final Logger log = LoggerFactory.getLogger(CliAudit.class);

  private final AuditLog audit;
  private final long id;

  private CliAudit(AuditLog audit, long id) {
    this.audit = audit;
    this.id = id;
  }

  /** The OS user running the command. */
  public static String actor() {
    String user = System.getProperty("user.name");
    return user == null || user.isBlank() ? "unknown" : user;
  }

  /**
   * Records the initiation of a command and marks it in progress.
   *
   * @param ticketId the ticket, or null
   * @param pipeline the pipeline, or null
   */
  public static CliAudit begin(
      Services services,
      String type,
      Integer ticketId,
      String pipeline,
      Map<String, ?> params,
      String reason,
      boolean canRollback) {
    AuditLog audit = new AuditLog(services.database().jdbi());
    long id =
        audit.begin(
            new AuditLog.Entry(
                type, ticketId, pipeline, actor(), null, "cli", params, reason, null, canRollback));
    audit.started(id);
    return new CliAudit(audit, id);
  }

  /** The audit row's ID. */
  public long id() {
    return id;
  }

  /** Records that the command completed. */
  public void completed(Map<String, ?> result) {
    try {
      audit.completed(id, result);
    } catch (RuntimeException e) {
      log.warn("could not record the outcome of audit row {}: {}", id, e.getMessage());
    }
  }

  /** Records that the command failed. */
  public void failed(String error) {
    try {
      audit.failed(id, error, null);
    } catch (RuntimeException e) {
      log.warn("could not record the failure of audit row {}: {}", id, e.getMessage());
    }
  }
}
