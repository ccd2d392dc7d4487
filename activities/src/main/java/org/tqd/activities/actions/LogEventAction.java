package org.tqd.activities.actions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.tqd.workflows.action.LogEventConfig;
import org.tqd.workflows.activities.ActionRequest;
import org.tqd.workflows.activities.ActionResult;
import org.tqd.workflows.activities.ActionResult.Outcome;
import org.tqd.workflows.rules.Templates;

/**
 * {@code log_event}: one structured JSON log line on the logger {@value #LOGGER}, at the level the
 * rule chose, for log-based alerting: {@code {"event":"log_event","pipeline":…,"action":…,
 * "ticket":…,"status":…,"status_id":…,"message":…, …fields}}. The message and string field values
 * are templates (rendered as plain text; the line is JSON-encoded by Jackson). Writes nothing to
 * TDX; the ledger records it once per ticket like any action.
 */
final class LogEventAction implements PlannedAction<LogEventAction.Plan> {

  /** The logger of the event lines. */
  static final String LOGGER = "tqd.events";

  private static final Logger events = LoggerFactory.getLogger(LOGGER);
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * @param level the level
   * @param line the JSON line
   */
  record Plan(String level, String line) {}

  @Override
  public Class<Plan> planType() {
    return Plan.class;
  }

  @Override
  public Plan plan(ActionRequest request) {
    LogEventConfig c = LogEventConfig.from(request.action().params());
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("event", "log_event");
    line.put("level", c.level());
    line.put("pipeline", request.pipelineId());
    line.put("action", request.action().actionId());
    line.put("ticket", request.ticketId());
    line.put("status", request.ticket().statusName());
    line.put("status_id", request.ticket().statusId());
    line.put("message", TemplateContext.render(c.message(), request, Templates.Escape.NONE));
    for (Map.Entry<String, Object> e : c.fields().entrySet()) {
      Object v = e.getValue();
      line.putIfAbsent(
          e.getKey(),
          v instanceof String s ? TemplateContext.render(s, request, Templates.Escape.NONE) : v);
    }
    try {
      return new Plan(c.level(), JSON.writeValueAsString(line));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public boolean hasWrites(Plan plan) {
    return false;
  }

  @Override
  public ActionResult dryRun(ActionRequest request, Plan plan) {
    return result(
        request,
        Outcome.PLANNED,
        "[DRY RUN] Ticket " + request.ticketId() + " would log an event",
        plan,
        List.of("log " + plan.level() + " " + plan.line()));
  }

  @Override
  public ActionResult apply(ActionRequest request, Plan plan, boolean reclaimed) {
    events.atLevel(Level.valueOf(plan.level())).log(plan.line());
    return result(
        request,
        Outcome.COMPLETED,
        "Ticket " + request.ticketId() + ": event logged at " + plan.level(),
        plan,
        List.of());
  }

  private static ActionResult result(
      ActionRequest request, Outcome outcome, String message, Plan plan, List<String> writes) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("level", plan.level());
    details.put("line", plan.line());
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
