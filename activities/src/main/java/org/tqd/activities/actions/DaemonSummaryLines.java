package org.tqd.activities.actions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tqd.activities.ledger.ActionState;

/**
 * Summary lines of rows the Python daemon wrote. The daemon kept each action's summary only in
 * memory and stored {@code {"details": …, "config": …}}; when its summary comment failed, or it
 * stopped before posting, the lines are rebuilt here from the stored details, in the daemon's
 * wording (lsats-daemon.md §1.2, §1.4), so a ticket taken over by tqd does not lose them.
 */
final class DaemonSummaryLines {

  private DaemonSummaryLines() {}

  /**
   * A done row written by the Python daemon: no summary, no tqd claim ({@code started_at} and
   * {@code workflow_id} unset), and the daemon's {@code details} without tqd's {@code message}.
   */
  static boolean isDaemonRow(ActionState row) {
    return row.summary() == null
        && row.startedAt() == null
        && row.workflowId() == null
        && row.metadata().get("details") instanceof Map<?, ?>
        && !row.metadata().containsKey("message");
  }

  /** The line the daemon would have posted for the row, or empty when it had none. */
  static Optional<String> rebuild(ActionState row) {
    if (!(row.metadata().get("details") instanceof Map<?, ?> details)) {
      return Optional.empty();
    }
    return switch (row.actionType()) {
      case "add_asset" -> addAsset(details);
      case "find_active_tickets" -> findActiveTickets(details);
      default -> Optional.empty();
    };
  }

  private static Optional<String> addAsset(Map<?, ?> d) {
    int phase = integer(d.get("phase"), 0);
    if (phase == 1 || phase == 2) {
      List<String> names = strings(d.get("asset_names"));
      int added = integer(d.get("assets_added"), names.size());
      if (names.isEmpty() && added == 0 && integer(d.get("assets_failed"), 0) == 0) {
        return Optional.empty();
      }
      return Optional.of(
          AddAssetSummaries.addedSummary(
              phase,
              names,
              strings(d.get("identifiers_found")),
              integer(d.get("assets_failed"), 0),
              List.of(),
              Integer.MAX_VALUE));
    }
    if (phase != 3) {
      return Optional.empty();
    }
    if (d.get("error") != null) {
      return Optional.of(
          "No assets added. Reason: Error retrieving requestor's assets ("
              + Html.escape(String.valueOf(d.get("error")))
              + ")");
    }
    if (Boolean.TRUE.equals(d.get("no_requestor"))) {
      return Optional.of(AddAssetSummaries.NO_REQUESTOR_SUMMARY);
    }
    if (Boolean.TRUE.equals(d.get("already_added"))) {
      return Optional.of(AddAssetSummaries.ALREADY_ON_TICKET_SUMMARY);
    }
    if (Boolean.TRUE.equals(d.get("skipped"))) {
      return Optional.of(AddAssetSummaries.HAS_ASSETS_SUMMARY);
    }
    List<String> names = strings(d.get("asset_names"));
    if (!names.isEmpty()) {
      return Optional.of(AddAssetSummaries.requestorAddedSummary(names.get(0)));
    }
    if (d.get("requestor_asset_count") != null) {
      return Optional.of(
          AddAssetSummaries.requestorCountSummary(integer(d.get("requestor_asset_count"), 0)));
    }
    return Optional.empty();
  }

  /**
   * The daemon posted its related-tickets tables only when it found some; the details keep the
   * tickets (as IDs, or as ticket objects with an {@code ID}) but not their titles, so the line
   * lists the IDs per category with the daemon's heading and totals.
   */
  private static Optional<String> findActiveTickets(Map<?, ?> d) {
    List<String> parts = new ArrayList<>();
    List<String> totals = new ArrayList<>();
    for (String[] category :
        new String[][] {
          {"requestor_tickets", "Requestor Tickets", "Requestor"},
          {"asset_tickets", "Asset Tickets", "Asset"},
          {"lab_tickets", "Lab Tickets", "Lab"}
        }) {
      List<String> ids = ticketIds(d.get(category[0]));
      if (!ids.isEmpty()) {
        parts.add(category[1] + " (" + ids.size() + "): " + String.join(", ", ids));
        totals.add(category[2] + ": " + ids.size());
      }
    }
    if (parts.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        "<strong>📋 Related Active Tickets</strong><br/>\n"
            + String.join("<br/>\n", parts)
            + "\n<p><strong>Total Related Tickets:</strong> "
            + String.join(", ", totals)
            + "</p>\n");
  }

  private static List<String> ticketIds(Object value) {
    List<String> out = new ArrayList<>();
    if (value instanceof List<?> list) {
      for (Object item : list) {
        Object id = item instanceof Map<?, ?> m ? m.get("ID") : item;
        if (id instanceof Number n) {
          out.add(String.valueOf(n.longValue()));
        } else if (id instanceof String s && s.matches("\\d+")) {
          out.add(s);
        }
      }
    }
    return out;
  }

  private static List<String> strings(Object value) {
    List<String> out = new ArrayList<>();
    if (value instanceof List<?> list) {
      for (Object item : list) {
        if (item != null) {
          out.add(String.valueOf(item));
        }
      }
    }
    return out;
  }

  private static int integer(Object value, int fallback) {
    if (value instanceof Number n) {
      return n.intValue();
    }
    if (value instanceof List<?> list) {
      return list.size();
    }
    return fallback;
  }
}
