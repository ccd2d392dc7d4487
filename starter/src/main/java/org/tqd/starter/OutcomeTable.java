package org.tqd.starter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.tqd.workflows.activities.ActionResult;

/**
 * Prints {@link TicketOutcome}s for a terminal: one row per ticket with its status and each
 * action's outcome, then a total line.
 *
 * <pre>
 * TICKET  STATUS     ACTIONS
 * 101     succeeded  add_asset completed, find_active_tickets completed, summary_comment completed
 * 102     failed     add_asset completed, find_active_tickets FAILED, summary_comment completed
 *                    find_active_tickets:bbbbbbbbbbbb:v1: TdxBadRequest: TDX said no
 * 2 tickets: 1 succeeded, 1 failed, 0 timed out
 * </pre>
 *
 * In a dry run (the preview) each action adds the condition that held or did not, and each write it
 * would make with its rendered text:
 *
 * <pre>
 * 103     succeeded  update_fields planned, notify planned
 *                    update_fields: condition held: field Title matches "(?i)laptop"
 *                    would PATCH tickets/103 PriorityID: 4401 → 4403
 *                    notify: condition held: field Title matches "(?i)laptop"
 *                    would notify slack → slack $TQD_SLACK_URL: "Ticket 103: Laptop broken"
 * </pre>
 */
public final class OutcomeTable {

  private OutcomeTable() {}

  /** The table's lines, header first and the total line last. */
  public static List<String> lines(List<TicketOutcome> outcomes) {
    int idWidth = "TICKET".length();
    for (TicketOutcome o : outcomes) {
      idWidth = Math.max(idWidth, Integer.toString(o.ticketId()).length());
    }
    String format = "%-" + idWidth + "s  %-9s  %s";
    String indent = " ".repeat(idWidth + 2 + 9 + 2);
    List<String> lines = new ArrayList<>();
    lines.add(String.format(Locale.ROOT, format, "TICKET", "STATUS", "ACTIONS"));
    for (TicketOutcome o : outcomes) {
      lines.add(
          String.format(Locale.ROOT, format, o.ticketId(), o.statusText(), actions(o))
              .stripTrailing());
      if (o.status() != TicketOutcome.Status.SUCCEEDED || o.actions().isEmpty()) {
        lines.add(indent + o.message());
      }
      for (var action : o.actions()) {
        if (action.details().get("condition") instanceof String held) {
          lines.add(indent + action.type() + ": condition " + held);
        } else if (action.outcome() == ActionResult.Outcome.NOT_APPLICABLE) {
          lines.add(indent + action.type() + ": " + action.message());
        }
        for (String write : action.plannedWrites()) {
          lines.add(indent + "would " + write);
        }
      }
    }
    lines.add(total(outcomes));
    return lines;
  }

  /** The table as one string, lines ending in {@code \n}. */
  public static String format(List<TicketOutcome> outcomes) {
    return String.join("\n", lines(outcomes)) + "\n";
  }

  /** {@code 3 tickets: 2 succeeded, 1 failed, 0 timed out}. */
  public static String total(List<TicketOutcome> outcomes) {
    long ok = outcomes.stream().filter(o -> o.status() == TicketOutcome.Status.SUCCEEDED).count();
    long failed = outcomes.stream().filter(o -> o.status() == TicketOutcome.Status.FAILED).count();
    long timedOut =
        outcomes.stream().filter(o -> o.status() == TicketOutcome.Status.TIMED_OUT).count();
    return outcomes.size()
        + (outcomes.size() == 1 ? " ticket: " : " tickets: ")
        + ok
        + " succeeded, "
        + failed
        + " failed, "
        + timedOut
        + " timed out";
  }

  private static String actions(TicketOutcome o) {
    List<String> parts = new ArrayList<>();
    for (ActionResult a : o.actions()) {
      String outcome = TicketOutcome.outcomeText(a.outcome());
      if (a.outcome() == ActionResult.Outcome.FAILED
          || a.outcome() == ActionResult.Outcome.PARKED) {
        outcome = outcome.toUpperCase(Locale.ROOT);
      }
      parts.add(a.type() + " " + outcome);
    }
    return String.join(", ", parts);
  }
}
