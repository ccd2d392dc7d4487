package org.tqd.activities.actions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tqd.tdx.TdxApi;
import org.tqd.tdx.model.Ticket;
import org.tqd.workflows.action.InvalidActionException;
import org.tqd.workflows.action.ParamProblem;
import org.tqd.workflows.action.UpdateFieldsConfig;
import org.tqd.workflows.activities.ActionRequest;
import org.tqd.workflows.activities.ActionResult;
import org.tqd.workflows.activities.ActionResult.Outcome;
import org.tqd.workflows.rules.FieldCatalog;
import org.tqd.workflows.rules.Templates;
import org.tqd.workflows.rules.TicketFacts;

/**
 * {@code update_fields}: sets ticket fields and custom attributes with one {@code PATCH
 * tickets/{id}} (JSON Patch {@code add} operations on {@code /Field} and {@code /Attributes/{id}}).
 * Values are rendered from their templates when the action plans; a field or attribute that already
 * has its value is left alone, and when all have, the action is skipped without a TDX call. The
 * plan (stored in the claimed ledger row before the PATCH) holds every change with its value before
 * and after, and the inverse of the whole update ({@code set_fields} back to the before values,
 * expecting tqd's). A retry that finds its own claim reads the ticket and patches only what does
 * not have its new value yet. Attributes are named by ID or by name; a name is looked up among the
 * ticket's attributes.
 */
final class UpdateFieldsAction implements PlannedAction<UpdateFieldsAction.Plan> {

  private final TdxApi tdx;

  UpdateFieldsAction(TdxApi tdx) {
    this.tdx = tdx;
  }

  /**
   * One field or attribute to set.
   *
   * @param key the field name as TDX spells it, or {@code attribute:<ID>}
   * @param label for people: the field name, or the attribute's ID and name
   * @param path the JSON Patch path ({@code /PriorityID}, {@code /Attributes/5001})
   * @param before the value the ticket had when the run read it
   * @param after the value to set (null clears)
   */
  record Change(String key, String label, String path, Object before, Object after) {}

  /**
   * @param changes what to set, in order
   * @param unchanged keys that already had their value
   * @param inverse the inverse effects ({@code set_fields}), empty when nothing changes
   */
  record Plan(List<Change> changes, List<String> unchanged, List<Map<String, Object>> inverse) {}

  @Override
  public Class<Plan> planType() {
    return Plan.class;
  }

  @Override
  public Plan plan(ActionRequest request) {
    UpdateFieldsConfig c = UpdateFieldsConfig.from(request.action().params());
    Ticket t = request.ticket();
    List<Change> changes = new ArrayList<>();
    List<String> unchanged = new ArrayList<>();
    for (Map.Entry<String, Object> e : c.fields().entrySet()) {
      String name = e.getKey();
      Object after = fieldValue(request, name, e.getValue());
      Object before = TicketFacts.fieldOf(t, name);
      if (same(before, after)) {
        unchanged.add(name);
      } else {
        changes.add(new Change(name, name, "/" + name, before, after));
      }
    }
    for (Map.Entry<String, Object> e : c.attributes().entrySet()) {
      Map<String, Object> attr = TicketFacts.attributeOf(t, e.getKey());
      String id;
      String label;
      if (attr != null && attr.get("ID") != null) {
        id = attr.get("ID").toString();
        label = "attribute " + id + (attr.get("Name") == null ? "" : " (" + attr.get("Name") + ")");
      } else if (e.getKey().strip().matches("\\d+")) {
        id = e.getKey().strip();
        label = "attribute " + id;
      } else {
        // TDX lists on a ticket only the attributes that have a value: the definitions name the
        // others.
        Map<String, Object> def = definition(e.getKey());
        if (def == null) {
          throw problem(
              "attributes",
              "TDX has no ticket custom attribute named \""
                  + e.getKey()
                  + "\"; check the name (tqd pipeline validate --online) or give its ID");
        }
        id = def.get("ID").toString();
        label = "attribute " + id + " (" + def.get("Name") + ")";
      }
      Object raw = e.getValue();
      String after =
          raw == null
              ? null
              : raw instanceof String s
                  ? TemplateContext.render(s, request, Templates.Escape.NONE)
                  : raw.toString();
      Object before = attr == null ? null : attr.get("Value");
      String key = "attribute:" + id;
      if (same(before, after)) {
        unchanged.add(key);
      } else {
        changes.add(new Change(key, label, "/Attributes/" + id, before, after));
      }
    }
    return new Plan(changes, unchanged, inverse(changes));
  }

  /** The ticket attribute definition of that name (any case), read once per ten minutes. */
  private Map<String, Object> definition(String name) {
    long now = System.nanoTime();
    List<Map<String, Object>> defs = definitions;
    if (defs == null || now - definitionsReadAt > DEFINITIONS_TTL_NANOS) {
      defs = tdx.customAttributes(TICKET_COMPONENT);
      definitions = defs;
      definitionsReadAt = now;
    }
    String wanted = name.strip().toLowerCase(Locale.ROOT);
    for (Map<String, Object> d : defs) {
      if (d.get("ID") != null
          && d.get("Name") != null
          && d.get("Name").toString().strip().toLowerCase(Locale.ROOT).equals(wanted)) {
        return d;
      }
    }
    return null;
  }

  private static final int TICKET_COMPONENT = 9;
  private static final long DEFINITIONS_TTL_NANOS = 600_000_000_000L;
  private volatile List<Map<String, Object>> definitions;
  private volatile long definitionsReadAt;

  private static List<Map<String, Object>> inverse(List<Change> changes) {
    if (changes.isEmpty()) {
      return List.of();
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    Map<String, Object> expect = new LinkedHashMap<>();
    for (Change ch : changes) {
      fields.put(ch.key(), ch.before());
      expect.put(ch.key(), ch.after());
    }
    Map<String, Object> op = new LinkedHashMap<>();
    op.put("op", "set_fields");
    op.put("fields", fields);
    op.put("expect", expect);
    return List.of(op);
  }

  /** The value to set in a field: rendered, and an integer for integer fields. */
  private static Object fieldValue(ActionRequest request, String name, Object value) {
    if (!(value instanceof String s)) {
      return value;
    }
    String rendered = TemplateContext.render(s, request, Templates.Escape.NONE);
    if (FieldCatalog.kind(name) == FieldCatalog.Kind.INTEGER) {
      try {
        return Integer.parseInt(rendered.strip());
      } catch (NumberFormatException e) {
        throw problem(
            "fields." + name,
            name
                + " takes an integer; its template gave \""
                + rendered
                + "\" on ticket "
                + request.ticketId());
      }
    }
    return rendered;
  }

  private static InvalidActionException problem(String param, String message) {
    return new InvalidActionException(
        "update_fields", List.of(new ParamProblem(param, -1, ParamProblem.Where.VALUE, message)));
  }

  /** Whether a ticket value already is the wanted one (numbers by value, UIDs in any case). */
  static boolean same(Object current, Object wanted) {
    String a = text(current);
    String b = text(wanted);
    if (a == null || b == null) {
      return a == null && b == null;
    }
    return a.equals(b) || a.toLowerCase(Locale.ROOT).equals(b.toLowerCase(Locale.ROOT)) && uid(a);
  }

  private static String text(Object v) {
    if (v == null) {
      return null;
    }
    String s = v.toString();
    // TDX gives unset IDs as 0 and unset texts as null or "".
    return s.isEmpty() || s.equals("0") ? null : s;
  }

  private static boolean uid(String s) {
    return s.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  }

  @Override
  public boolean hasWrites(Plan plan) {
    return !plan.changes().isEmpty();
  }

  @Override
  public ActionResult dryRun(ActionRequest request, Plan plan) {
    int id = request.ticketId();
    if (plan.changes().isEmpty()) {
      return result(request, Outcome.PLANNED, alreadyMessage(id, plan), plan, List.of());
    }
    List<String> writes = new ArrayList<>();
    for (Change ch : plan.changes()) {
      writes.add(
          "PATCH tickets/"
              + id
              + " "
              + ch.label()
              + ": "
              + show(ch.before())
              + " → "
              + show(ch.after()));
    }
    return result(
        request,
        Outcome.PLANNED,
        "[DRY RUN] Ticket " + id + " would set " + labels(plan),
        plan,
        writes);
  }

  @Override
  public ActionResult apply(ActionRequest request, Plan plan, boolean reclaimed) {
    int id = request.ticketId();
    if (plan.changes().isEmpty()) {
      return result(request, Outcome.SKIPPED, alreadyMessage(id, plan), plan, List.of());
    }
    List<Change> needed = plan.changes();
    if (reclaimed) {
      Ticket now = tdx.getTicket(id);
      needed = new ArrayList<>();
      for (Change ch : plan.changes()) {
        Object current =
            ch.key().startsWith("attribute:")
                ? attributeValue(now, ch.key().substring("attribute:".length()))
                : TicketFacts.fieldOf(now, ch.key());
        if (!same(current, ch.after())) {
          needed.add(ch);
        }
      }
    }
    if (!needed.isEmpty()) {
      Map<String, Object> patch = new LinkedHashMap<>();
      for (Change ch : needed) {
        patch.put(ch.path(), ch.after());
      }
      tdx.patchTicket(id, patch);
    }
    return result(
        request,
        Outcome.COMPLETED,
        "Ticket " + id + " updated: " + labels(plan) + " set",
        plan,
        List.of());
  }

  private static Object attributeValue(Ticket t, String id) {
    Map<String, Object> a = TicketFacts.attributeOf(t, id);
    return a == null ? null : a.get("Value");
  }

  /**
   * The names of what changes, for the result message (logged at INFO): never the values, which may
   * be ticket text (DESIGN §3.11); they are in the plan, the ledger and the preview.
   */
  private static String labels(Plan plan) {
    List<String> parts = new ArrayList<>();
    for (Change ch : plan.changes()) {
      parts.add(ch.label());
    }
    return String.join(", ", parts);
  }

  private static String show(Object v) {
    if (v == null) {
      return "(empty)";
    }
    return v instanceof String s ? "\"" + s + "\"" : v.toString();
  }

  private static String alreadyMessage(int id, Plan plan) {
    return "Ticket " + id + " already has " + String.join(", ", plan.unchanged()) + " (skipped)";
  }

  private static ActionResult result(
      ActionRequest request, Outcome outcome, String message, Plan plan, List<String> writes) {
    Map<String, Object> details = new LinkedHashMap<>();
    List<String> keys = plan.changes().stream().map(Change::key).toList();
    details.put("changed", String.join(", ", keys));
    Map<String, Object> before = new LinkedHashMap<>();
    Map<String, Object> after = new LinkedHashMap<>();
    for (Change ch : plan.changes()) {
      before.put(ch.key(), ch.before());
      after.put(ch.key(), ch.after());
    }
    details.put("before", before);
    details.put("after", after);
    if (!plan.unchanged().isEmpty()) {
      details.put("unchanged", plan.unchanged());
    }
    if (!plan.inverse().isEmpty()) {
      details.put("inverse", plan.inverse());
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
