package org.tqd.workflows.action;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.tqd.workflows.rules.FieldCatalog;

/**
 * Parameters of the {@code update_fields} action: sets ticket fields and custom attributes with one
 * JSON Patch ({@code PATCH tickets/{id}}), leaving alone those that already have the value.
 *
 * @param fields {@code fields}: TDX field name (as TDX spells it, any case) to value; a string
 *     value may be a Mustache template; null clears the field
 * @param attributes {@code attributes}: custom attribute ID or name to value (a string, a template,
 *     or for a choice attribute the choice ID); null clears it
 */
public record UpdateFieldsConfig(Map<String, Object> fields, Map<String, Object> attributes) {

  /** The fields {@code update_fields} may set, in TDX's spelling. */
  public static final Set<String> WRITABLE =
      Set.copyOf(
          new TreeSet<>(
              List.of(
                  "Title",
                  "Description",
                  "TypeID",
                  "FormID",
                  "AccountID",
                  "SourceID",
                  "PriorityID",
                  "UrgencyID",
                  "ImpactID",
                  "LocationID",
                  "LocationRoomID",
                  "ServiceID",
                  "ResponsibleGroupID",
                  "ResponsibleUid",
                  "RequestorUid",
                  "StartDate",
                  "EndDate",
                  "GoesOffHoldDate",
                  "EstimatedMinutes")));

  /** The {@code update_fields} action type (default version {@code v1}). */
  public static final ActionType TYPE =
      new ActionType(
              "update_fields",
              "v1",
              "sets ticket fields and custom attributes (JSON Patch), skipping those already set",
              List.of(
                  ParamDef.map("fields")
                      .checkedBy(UpdateFieldsConfig::fieldsProblem)
                      .doc("TDX field name: value (text values may be templates; null clears)"),
                  ParamDef.map("attributes")
                      .checkedBy(UpdateFieldsConfig::attributesProblem)
                      .doc("custom attribute ID or name: value (a template, or a choice ID)")),
              UpdateFieldsConfig::rule)
          .withTemplates("fields", "attributes");

  /**
   * The typed view of an action's parameters.
   *
   * @throws InvalidActionException when they are invalid
   */
  @SuppressWarnings("unchecked")
  public static UpdateFieldsConfig from(Map<String, ?> params) {
    Map<String, Object> p = TYPE.resolve(params);
    Map<String, Object> fields = new LinkedHashMap<>();
    Map<String, Object> given = (Map<String, Object>) p.getOrDefault("fields", Map.of());
    given.forEach((k, v) -> fields.put(FieldCatalog.canonical(k).orElse(k), v));
    return new UpdateFieldsConfig(
        fields, (Map<String, Object>) p.getOrDefault("attributes", Map.of()));
  }

  private static List<ParamProblem> rule(Map<String, Object> p) {
    Object f = p.get("fields");
    Object a = p.get("attributes");
    boolean none =
        (f == null || ((Map<?, ?>) f).isEmpty()) && (a == null || ((Map<?, ?>) a).isEmpty());
    return none
        ? List.of(
            new ParamProblem(
                null,
                -1,
                ParamProblem.Where.PARENT,
                "give fields: and/or attributes: with at least one value to set"))
        : List.of();
  }

  private static String fieldsProblem(Object value) {
    List<String> problems = new ArrayList<>();
    for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
      String name = e.getKey().toString();
      String canonical = FieldCatalog.canonical(name).orElse(null);
      if (canonical == null) {
        problems.add(
            "unknown ticket field \""
                + name
                + "\""
                + Suggestions.didYouMean(name, WRITABLE)
                + "; fields that can be set: "
                + String.join(", ", new TreeSet<>(WRITABLE)));
        continue;
      }
      if (!WRITABLE.contains(canonical)) {
        problems.add(
            "field "
                + canonical
                + " cannot be set by update_fields"
                + (canonical.equals("StatusID") ? " (use change_status)" : "")
                + "; fields that can be set: "
                + String.join(", ", new TreeSet<>(WRITABLE)));
        continue;
      }
      Object v = e.getValue();
      FieldCatalog.Kind kind = FieldCatalog.kind(canonical);
      if (kind == FieldCatalog.Kind.INTEGER
          && v != null
          && !(v instanceof Integer)
          && !(v instanceof String s && s.contains("{{"))) {
        problems.add(
            canonical + " takes an integer (or a template giving one), got " + Values.show(v));
      } else if (kind != FieldCatalog.Kind.INTEGER && v != null && !(v instanceof String)) {
        problems.add(canonical + " takes " + kind.label() + " as a string, got " + Values.show(v));
      }
    }
    return problems.isEmpty() ? null : String.join("; ", problems);
  }

  private static String attributesProblem(Object value) {
    for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
      if (e.getKey().toString().isBlank()) {
        return "an attribute needs its ID or name";
      }
      if (e.getValue() instanceof Boolean) {
        return "attribute "
            + e.getKey()
            + ": a value is a string or a choice ID, got "
            + Values.show(e.getValue());
      }
    }
    return null;
  }
}
