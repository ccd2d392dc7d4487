package org.tqd.workflows;

import org.tqd.tdx.model.Ticket;
import org.tqd.workflows.activities.ActionActivities;
import org.tqd.workflows.activities.ActionRequest;
import org.tqd.workflows.activities.ActionResult;
import org.tqd.workflows.activities.TicketActivities;

/** Registers only the TDX half of {@link FakeActivities} (one task queue each). */
record TdxOnly(FakeActivities fake) implements ActionActivities, TicketActivities {
  @Override
  public String lastRequestorReply(int ticketId, String requestorUid) {
    return null;
  }

  @Override
  public Ticket fetchTicket(int ticketId) {
    return fake.fetchTicket(ticketId);
  }

  @Override
  public ActionResult addAsset(ActionRequest request) {
    return fake.addAsset(request);
  }

  @Override
  public ActionResult comment(ActionRequest request) {
    return fake.comment(request);
  }

  @Override
  public ActionResult changeStatus(ActionRequest request) {
    return fake.changeStatus(request);
  }

  @Override
  public ActionResult assign(ActionRequest request) {
    return fake.assign(request);
  }

  @Override
  public ActionResult findActiveTickets(ActionRequest request) {
    return fake.findActiveTickets(request);
  }

  @Override
  public ActionResult summaryComment(ActionRequest request) {
    return fake.summaryComment(request);
  }
}
