package org.tqd.activities.actions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tqd.tdx.model.Ticket;
import org.tqd.workflows.activities.ActionRequest;
import org.tqd.workflows.activities.ActionResult;
import org.tqd.workflows.activities.ActionResult.Outcome;

/**
 * The inverse of each effect an action had on TDX, stored in its ledger row under {@code
 * metadata.inverse} when it completes, for the undo workflow:
 *
 * <ul>
 *   <li>{@code {"op":"unlink_asset","asset_id":N}} per asset {@code add_asset} linked;
 *   <li>{@code {"op":"set_status","status_id":<previous>,"expect_status_id":<tqd's>}} for {@code
 *       change_status};
 *   <li>{@code {"op":"set_fields","fields":{"ResponsibleUid":<before>,…},"expect":{…tqd's}}} for
 *       {@code assign} (field names as TDX spells them, or {@code attribute:<ID>});
 *   <li>{@code {"op":"withdraw_comment","reference":"[tqd:…]"}} for {@code comment} and {@code
 *       summary_comment}; for {@code find_active_tickets}, whose section goes into the summary
 *       comment, the reference is null and the undo takes the summary's ({@code summarized_in}).
 * </ul>
 *
 * An action type not listed here may return its own inverse as {@code details.inverse}, in the same
 * shape. Only completed actions have inverses; an action that changed nothing has none.
 */
final class Inverses {

  /** The metadata key. */
  static final String KEY = "inverse";

  private Inverses() {}

  /** The inverse of the result's effects, or null when it had none. */
  static List<Map<String, Object>> of(ActionRequest request, ActionResult result) {
    if (result.outcome() != Outcome.COMPLETED) {
      return null;
    }
    Object own = result.details().get(KEY);
    if (own instanceof List<?> list) {
      List<Map<String, Object>> out = new ArrayList<>();
      for (Object o : list) {
        if (o instanceof Map<?, ?> m) {
          Map<String, Object> copy = new LinkedHashMap<>();
          m.forEach((k, v) -> copy.put(String.valueOf(k), v));
          out.add(copy);
        }
      }
      return out.isEmpty() ? null : out;
    }
    Map<String, Object> d = result.details();
    Ticket before = request.ticket();
    List<Map<String, Object>> out = new ArrayList<>();
    switch (result.type()) {
      case "add_asset" -> {
        for (Integer asset : result.assetsAdded()) {
          out.add(op("unlink_asset", "asset_id", asset));
        }
      }
      case "change_status" -> {
        Object now = d.get("new_status_id");
        Object previous = d.get("previous_status_id");
        if (now != null && previous != null && !now.equals(previous)) {
          Map<String, Object> m = op("set_status", "status_id", previous);
          m.put("expect_status_id", now);
          out.add(m);
        }
      }
      case "assign" -> {
        if (before != null) {
          Map<String, Object> fields = new LinkedHashMap<>();
          Map<String, Object> expect = new LinkedHashMap<>();
          if (d.get("responsible_group_id") != null) {
            fields.put("ResponsibleGroupID", before.responsibleGroupId());
            expect.put("ResponsibleGroupID", d.get("responsible_group_id"));
          }
          if (d.get("responsible_uid") != null) {
            fields.put("ResponsibleUid", before.responsibleUid());
            expect.put("ResponsibleUid", d.get("responsible_uid"));
          }
          if (!fields.isEmpty()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("op", "set_fields");
            m.put("fields", fields);
            m.put("expect", expect);
            out.add(m);
          }
        }
      }
      case "comment", "summary_comment" -> {
        Object ref = d.get("reference");
        if (ref != null) {
          out.add(op("withdraw_comment", "reference", ref));
        }
      }
      case "find_active_tickets" -> {
        if (result.summary() != null && !result.summary().isBlank()) {
          out.add(op("withdraw_comment", "reference", null));
        }
      }
      default -> {
        // an action type that records no inverse of its own: none
      }
    }
    return out.isEmpty() ? null : out;
  }

  private static Map<String, Object> op(String op, String key, Object value) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("op", op);
    m.put(key, value);
    return m;
  }
}
