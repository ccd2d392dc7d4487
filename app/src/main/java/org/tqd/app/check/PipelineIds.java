package org.tqd.app.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tqd.workflows.action.ActionCondition;
import org.tqd.workflows.action.ActionSpec;
import org.tqd.workflows.action.Pipeline;

/**
 * The TDX IDs a pipeline names, by kind, each with where it comes from ({@code
 * change_status.new_status_id}), so that {@code tqd check} can look each one up in TDX.
 *
 * @param ticketStatuses ticket status IDs (statuses set, statuses that count as active, status
 *     conditions)
 * @param ticketForms ticket form IDs of conditions
 * @param ticketTypes ticket type IDs of conditions
 * @param assetStatuses asset status IDs add_asset searches in
 * @param assetForms asset form IDs add_asset searches in
 * @param attributes custom attribute IDs (parameters named {@code *attribute_id(s)})
 */
public record PipelineIds(
    List<Use> ticketStatuses,
    List<Use> ticketForms,
    List<Use> ticketTypes,
    List<Use> assetStatuses,
    List<Use> assetForms,
    List<Use> attributes) {

  /** One ID and the parameter that names it. */
  public record Use(int id, String where) {
    @Override
    public String toString() {
      return id + " (" + where + ")";
    }
  }

  /** Collects the IDs of every action's parameters and condition. */
  public static PipelineIds of(Pipeline pipeline) {
    List<Use> ticketStatuses = new ArrayList<>();
    List<Use> ticketForms = new ArrayList<>();
    List<Use> ticketTypes = new ArrayList<>();
    List<Use> assetStatuses = new ArrayList<>();
    List<Use> assetForms = new ArrayList<>();
    List<Use> attributes = new ArrayList<>();
    for (ActionSpec a : pipeline.actions()) {
      Map<String, Object> p = a.params();
      String at = a.type() + ".";
      boolean asset = a.type().equals("add_asset");
      for (Map.Entry<String, Object> e : p.entrySet()) {
        String key = e.getKey();
        String where = at + key;
        switch (key) {
          case "new_status_id" -> add(ticketStatuses, e.getValue(), where, true);
          case "from_status_ids" -> add(ticketStatuses, e.getValue(), where, false);
          case "active_status_ids" ->
              add(asset ? assetStatuses : ticketStatuses, e.getValue(), where, false);
          case "computer_form_id", "form_id", "form_ids" ->
              add(asset ? assetForms : ticketForms, e.getValue(), where, true);
          default -> {
            if (key.endsWith("attribute_id") || key.endsWith("attribute_ids")) {
              add(attributes, e.getValue(), where, true);
            }
          }
        }
      }
      ActionCondition when = a.when();
      if (when != null) {
        add(ticketStatuses, when.statusIds(), at + "when.status_ids", false);
        add(ticketForms, when.formIds(), at + "when.form_ids", false);
        add(ticketTypes, when.typeIds(), at + "when.type_ids", false);
      }
    }
    return new PipelineIds(
        List.copyOf(ticketStatuses),
        List.copyOf(ticketForms),
        List.copyOf(ticketTypes),
        List.copyOf(assetStatuses),
        List.copyOf(assetForms),
        List.copyOf(attributes));
  }

  /** Adds an Integer or a list of them; 0 means "none" where {@code zeroIsNone}. */
  private static void add(List<Use> into, Object value, String where, boolean zeroIsNone) {
    if (value instanceof Integer i) {
      if (!(zeroIsNone && i == 0)) {
        into.add(new Use(i, where));
      }
    } else if (value instanceof List<?> list) {
      for (Object o : list) {
        if (o instanceof Integer i) {
          into.add(new Use(i, where));
        }
      }
    }
  }
}
