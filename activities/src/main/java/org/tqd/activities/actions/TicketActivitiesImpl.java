package org.tqd.activities.actions;

import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.tqd.tdx.TdxApi;
import org.tqd.tdx.TdxException;
import org.tqd.tdx.model.Ticket;
import org.tqd.workflows.activities.FailureTypes;
import org.tqd.workflows.activities.TicketActivities;

/**
 * Reads the ticket once per run ({@code GET tickets/{id}}); the actions share that read. A missing
 * ticket is a non-retryable {@link FailureTypes#NOT_FOUND}; other TDX errors map as in {@link
 * ActionFailures}.
 */
public final class TicketActivitiesImpl implements TicketActivities {

  private static final Logger log = LoggerFactory.getLogger(TicketActivitiesImpl.class);

  private final TdxApi tdx;
  private final Clock clock;

  public TicketActivitiesImpl(TdxApi tdx, Clock clock) {
    this.tdx = Objects.requireNonNull(tdx, "tdx");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public Ticket fetchTicket(int ticketId) {
    MDC.put("TicketId", String.valueOf(ticketId));
    String workflowId = ActionActivitiesImpl.workflowId();
    if (workflowId != null) {
      MDC.put("WorkflowId", workflowId);
    }
    try {
      return tdx.getTicket(ticketId);
    } catch (TdxException.NotFound e) {
      throw ApplicationFailure.newBuilder()
          .setType(FailureTypes.NOT_FOUND)
          .setMessage(
              "Ticket "
                  + ticketId
                  + " not found in TDX ("
                  + e.getMessage()
                  + "); not retried: remove it from the report or check the tickets app ID")
          .setNonRetryable(true)
          .setCause(e)
          .build();
    } catch (TdxException e) {
      ApplicationFailure f = ActionFailures.fromTdx(ticketId, "FetchTicket", e, clock);
      log.debug("Ticket {}: reading it failed - {}", ticketId, f.getOriginalMessage());
      throw f;
    } finally {
      MDC.remove("TicketId");
      MDC.remove("WorkflowId");
    }
  }
}
