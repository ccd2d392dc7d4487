package org.tqd.worker;

import java.util.Objects;
import org.tqd.workflows.activities.ActionActivities;
import org.tqd.workflows.activities.LedgerActivities;
import org.tqd.workflows.activities.TicketActivities;
import org.tqd.workflows.undo.UndoActivities;

/**
 * The activity objects a worker registers: the actions and the ticket read on the TDX task queue,
 * the ledger on the ticket task queue; the undo workflow's (optional) on the TDX task queue. Each
 * must be thread-safe.
 */
public record ActivityImplementations(
    ActionActivities actions,
    TicketActivities tickets,
    LedgerActivities ledger,
    UndoActivities undo) {

  public ActivityImplementations {
    Objects.requireNonNull(actions, "actions");
    Objects.requireNonNull(tickets, "tickets");
    Objects.requireNonNull(ledger, "ledger");
  }

  /** Without the undo workflow's activities (a worker that runs no undo). */
  public ActivityImplementations(
      ActionActivities actions, TicketActivities tickets, LedgerActivities ledger) {
    this(actions, tickets, ledger, null);
  }
}
