package org.tqd.activities.actions;

import java.time.Clock;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tqd.tdx.model.Ticket;
import org.tqd.workflows.activities.ActionRequest;
import org.tqd.workflows.rules.BusinessHours;
import org.tqd.workflows.rules.Condition;
import org.tqd.workflows.rules.FieldCatalog;
import org.tqd.workflows.rules.Templates;
import org.tqd.workflows.rules.TicketFacts;

/**
 * The values a template of an action reads ({@link Templates}): {@code ticket} (every TDX field by
 * its name, {@code Description} as text, {@code attributes} by ID and by name), {@code row} (the
 * report row cells the pipeline reads), {@code actions} (results of earlier actions in this run,
 * {@code add_asset}'s {@code asset_names} joined with ", "), and {@code now} in the time zone of
 * the action's business-hours calendar (UTC without one).
 */
final class TemplateContext {

  private static final DateTimeFormatter NOW = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z");

  private TemplateContext() {}

  /** The text rendered for this request, escaped for its destination. */
  static String render(String template, ActionRequest request, Templates.Escape escape) {
    if (!Templates.isTemplate(template)) {
      return template;
    }
    return Templates.render(template, of(request, Clock.systemUTC()), escape);
  }

  static Map<String, Object> of(ActionRequest request, Clock clock) {
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("ticket", ticket(request.ticket()));
    context.put("row", request.row());
    Map<String, Object> actions = new LinkedHashMap<>();
    request
        .context()
        .actions()
        .forEach((type, details) -> actions.put(type, results(type, details)));
    context.put("actions", actions);
    context.put("now", ZonedDateTime.now(clock.withZone(zone(request))).format(NOW));
    return context;
  }

  private static Map<String, Object> ticket(Ticket t) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String name : FieldCatalog.all().keySet()) {
      Object v = TicketFacts.fieldOf(t, name);
      out.put(name, name.equals("Description") && v instanceof String s ? Html.text(s) : v);
    }
    Map<String, Object> attributes = new LinkedHashMap<>();
    if (t.otherFields().get("Attributes") instanceof List<?> list) {
      for (Object o : list) {
        if (o instanceof Map<?, ?> a) {
          Object text = firstNonBlank(a.get("ChoicesText"), a.get("ValueText"), a.get("Value"));
          if (a.get("ID") != null) {
            attributes.put(a.get("ID").toString(), text);
          }
          if (a.get("Name") != null) {
            attributes.put(a.get("Name").toString(), text);
          }
        }
      }
    }
    out.put("attributes", attributes);
    return out;
  }

  private static Object firstNonBlank(Object... values) {
    for (Object v : values) {
      if (v != null && !v.toString().isBlank()) {
        return v;
      }
    }
    return null;
  }

  private static Map<String, Object> results(String type, Map<String, Object> details) {
    Map<String, Object> out = new LinkedHashMap<>(details);
    if (type.equals("add_asset")) {
      Object names = details.get("asset_names");
      List<?> list = names instanceof List<?> l ? l : List.of();
      out.put("asset_name_list", list);
      out.put("asset_names", String.join(", ", list.stream().map(String::valueOf).toList()));
      out.put("count", list.size());
    }
    return out;
  }

  private static ZoneId zone(ActionRequest request) {
    if (request.action().when() != null && request.action().when().tree() != null) {
      BusinessHours cal = calendar(request.action().when().tree());
      if (cal != null) {
        return cal.zone();
      }
    }
    return ZoneOffset.UTC;
  }

  private static BusinessHours calendar(Condition c) {
    if (c.calendar() != null) {
      return c.calendar();
    }
    for (Condition child : c.of()) {
      BusinessHours cal = calendar(child);
      if (cal != null) {
        return cal;
      }
    }
    return null;
  }
}
