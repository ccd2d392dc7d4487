package org.tqd.activities.ledger;

import java.util.Objects;
import org.jdbi.v3.core.Jdbi;

/**
 * The per-ticket write budget ({@code max_writes_per_ticket_per_day}) as read from the ledger: how
 * many TDX writes tqd made on a ticket in the last 24 hours, and parking an action that would go
 * past it.
 *
 * <p>A write is counted per action execution that changed TDX: a {@code completed} row of the
 * ticket whose completion (or, for the Python daemon's rows, execution) is less than 24 hours old.
 * An action that found nothing to do is {@code skipped} and does not count; an action that made
 * several calls (an asset and its comment) counts once. The count covers every pipeline, since the
 * ledger is keyed by ticket and action.
 */
public final class WriteBudget {

  private static final String TABLE = "meta.daemon_action_log";

  private final Jdbi jdbi;

  public WriteBudget(Jdbi jdbi) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
  }

  /**
   * Writes on the ticket in the last 24 hours, by the database's clock.
   *
   * @throws LedgerUnavailableException if the database cannot be reached
   */
  public int writesInLastDay(int ticketId) {
    return DatabaseCalls.guard(
        "counting the TDX writes of ticket " + ticketId + " in the last 24 hours",
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT count(*) FROM "
                                + TABLE
                                + " WHERE ticket_id = :t AND status = 'completed'"
                                + " AND coalesce(completed_at, executed_at)"
                                + " > now() - interval '24 hours'")
                        .bind("t", ticketId)
                        .mapTo(Integer.class)
                        .one()));
  }

  /**
   * Makes the action's row parked: {@code failed} with at least {@code maxRunsBeforePark} runs, so
   * polls leave it alone until an operator clears it ({@code tqd retry}). The row must exist (the
   * caller claimed it).
   *
   * @throws LedgerUnavailableException if the database cannot be reached
   */
  public void markParked(int ticketId, String actionId, int maxRunsBeforePark) {
    DatabaseCalls.guard(
        "parking ticket " + ticketId + " action " + actionId,
        () ->
            jdbi.withHandle(
                h ->
                    h.createUpdate(
                            "UPDATE "
                                + TABLE
                                + " SET attempt = greatest(coalesce(attempt, 1), :runs)"
                                + " WHERE ticket_id = :t AND action_id = :a AND status = 'failed'")
                        .bind("runs", maxRunsBeforePark)
                        .bind("t", ticketId)
                        .bind("a", actionId)
                        .execute()));
  }
}
