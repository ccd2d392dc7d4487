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

  /**
   * When the ticket's requestor last wrote in its feed (an entry or a reply), as TDX's ISO-8601
   * date, or null when never: {@code GET tickets/{id}/feed}, plus {@code GET feed/{entryId}} for
   * each entry with replies. Entries by tqd's own TDX account never count. Called only for
   * conditions that read {@code last_requestor_reply}.
   */
  @ActivityMethod(name = "LastRequestorReply")
  String lastRequestorReply(int ticketId, String requestorUid);
}
