package org.tqd.workflows;

import java.util.List;
import java.util.Map;
import org.tqd.workflows.activities.LedgerActivities;

/** Registers only the ledger half of {@link FakeActivities} (one task queue each). */
record LedgerOnly(FakeActivities fake) implements LedgerActivities {
  @Override
  public Map<String, LedgerState> loadTicketState(int ticketId, List<String> actionIds) {
    return fake.loadTicketState(ticketId, actionIds);
  }

  @Override
  public void recordFailure(FailureRecord failure) {
    fake.recordFailure(failure);
  }

  @Override
  public void recordNotApplicable(NotApplicableRecord record) {
    fake.recordNotApplicable(record);
  }
}
