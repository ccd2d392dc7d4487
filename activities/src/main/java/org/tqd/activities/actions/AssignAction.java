package org.tqd.activities.actions;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tqd.tdx.TdxApi;
import org.tqd.tdx.model.Ticket;
import org.tqd.workflows.action.AssignConfig;
import org.tqd.workflows.activities.ActionRequest;
import org.tqd.workflows.activities.ActionResult;
import org.tqd.workflows.activities.ActionResult.Outcome;

/**
 * {@code assign}: sets the responsible group and/or person with {@code PATCH tickets/{id}}.
 * Parameters: {@code responsible_group_id} (default 0 = leave alone), {@code responsible_uid}
 * (default none = leave alone), at least one of them; {@code notify_new_responsible} (default
 * false). Skipped, with no TDX call, when the ticket is already assigned so; a retry first reads
 * the ticket and patches only if the assignment is not yet there. No summary line.
 */
final class AssignAction implements PlannedAction<AssignAction.Plan> {

  private final TdxApi tdx;

  AssignAction(TdxApi tdx) {
    this.tdx = tdx;
  }

  /**
   * @param groupId the responsible group to set, or null
   * @param uid the responsible person to set, or null
   * @param notifyResponsible whether TDX notifies the new responsible
   * @param alreadySet true when the ticket was already assigned so when the run read it
   */
  record Plan(Integer groupId, String uid, boolean notifyResponsible, boolean alreadySet) {}

  @Override
  public Class<Plan> planType() {
    return Plan.class;
  }

  @Override
  public Plan plan(ActionRequest request) {
    AssignConfig c = AssignConfig.from(request.action().params());
    Plan plan =
        new Plan(c.responsibleGroupId(), c.responsibleUid(), c.notifyNewResponsible(), false);
    return new Plan(
        plan.groupId(), plan.uid(), plan.notifyResponsible(), isSet(request.ticket(), plan));
  }

  static boolean isSet(Ticket t, Plan plan) {
    return (plan.groupId() == null || t.responsibleGroupId() == plan.groupId())
        && (plan.uid() == null || plan.uid().equalsIgnoreCase(t.responsibleUid()));
  }

  @Override
  public boolean hasWrites(Plan plan) {
    return !plan.alreadySet();
  }

  @Override
  public ActionResult dryRun(ActionRequest request, Plan plan) {
    int id = request.ticketId();
    return plan.alreadySet()
        ? result(request, Outcome.PLANNED, alreadyMessage(id, plan), plan, List.of())
        : result(
            request,
            Outcome.PLANNED,
            "[DRY RUN] Ticket " + id + " would be assigned to " + target(plan),
            plan,
            List.of("PATCH tickets/" + id + " (responsible " + target(plan) + ")"));
  }

  @Override
  public ActionResult apply(ActionRequest request, Plan plan, boolean reclaimed) {
    int id = request.ticketId();
    if (plan.alreadySet()) {
      return result(request, Outcome.SKIPPED, alreadyMessage(id, plan), plan, List.of());
    }
    if (!reclaimed || !isSet(tdx.getTicket(id), plan)) {
      tdx.updateResponsibility(id, plan.groupId(), plan.uid(), plan.notifyResponsible());
    }
    return result(
        request,
        Outcome.COMPLETED,
        "Ticket " + id + " assigned to " + target(plan),
        plan,
        List.of());
  }

  private static String target(Plan plan) {
    if (plan.groupId() != null && plan.uid() != null) {
      return "group " + plan.groupId() + " and person " + plan.uid();
    }
    return plan.groupId() != null ? "group " + plan.groupId() : "person " + plan.uid();
  }

  private static String alreadyMessage(int id, Plan plan) {
    return "Ticket " + id + " is already assigned to " + target(plan) + " (skipped)";
  }

  private static ActionResult result(
      ActionRequest request, Outcome outcome, String message, Plan plan, List<String> writes) {
    Map<String, Object> details = new LinkedHashMap<>();
    if (plan.groupId() != null) {
      details.put("responsible_group_id", plan.groupId());
    }
    if (plan.uid() != null) {
      details.put("responsible_uid", plan.uid());
    }
    if (plan.alreadySet()) {
      details.put("skipped", true);
    }
    return new ActionResult(
        request.action().actionId(),
        request.action().type(),
        outcome,
        message,
        null,
        List.of(),
        writes,
        details);
  }
}
