package org.tqd.workflows.activities;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import org.tqd.tdx.model.Ticket;

/** Reads the ticket once per run, on the TDX task queue. */
@ActivityInterface
public interface TicketActivities {

  /**
   * {@code GET tickets/{id}}. A missing ticket is a non-retryable failure of type {@link
   * FailureTypes#NOT_FOUND}.
   */
  @ActivityMethod(name = "FetchTicket")
  Ticket fetchTicket(int ticketId);
}
