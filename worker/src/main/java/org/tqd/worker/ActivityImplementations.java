package org.tqd.worker;

import java.util.Objects;
import org.tqd.workflows.activities.ActionActivities;
import org.tqd.workflows.activities.LedgerActivities;
import org.tqd.workflows.activities.TicketActivities;

/**
 * The activity objects a worker registers: the actions and the ticket read on the TDX task queue,
 * the ledger on the ticket task queue. Each must be thread-safe.
 */
public record ActivityImplementations(
    ActionActivities actions, TicketActivities tickets, LedgerActivities ledger) {

  public ActivityImplementations {
    Objects.requireNonNull(actions, "actions");
    Objects.requireNonNull(tickets, "tickets");
    Objects.requireNonNull(ledger, "ledger");
  }
}
