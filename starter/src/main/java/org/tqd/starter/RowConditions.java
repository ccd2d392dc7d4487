package org.tqd.starter;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import org.tqd.workflows.action.ActionCondition;
import org.tqd.workflows.rules.Facts;
import org.tqd.workflows.rules.Truth;

/**
 * Decides an action's condition from a ticket's report row, without a TDX call, where the row
 * carries what the condition reads: a {@code field:} test from the column of that name (the status
 * also from a {@code StatusName} column mapped through the ticket statuses, one {@code GET
 * tickets/statuses} per poll made only when needed; the title from the title column), a {@code
 * column:} test from its column, an {@code age:} from the column of its date field and the poll's
 * time. Custom attributes and the requestor's last reply are never in a row, and its {@code
 * ModifiedDate} may be tqd's own change, which rules must not see: a condition that needs them is
 * unknown here and rechecked once per interval. The workflow evaluates the condition again against
 * the ticket itself before it runs the action, so a row that is a moment out of date costs at most
 * one run, never a wrong write.
 */
final class RowConditions {

  /** What the row says about a condition. */
  enum Verdict {
    /** The condition holds by the row. */
    HOLDS,
    /** The condition fails by the row. */
    FAILS,
    /** The row lacks what the condition needs to be decided. */
    UNKNOWN
  }

  /** The ticket statuses by lower-case name, read at most once per poll; null when unavailable. */
  interface StatusNames {
    Map<String, Integer> byName();
  }

  private RowConditions() {}

  /** The verdict of {@code condition} (null: always holds) for the row at the poll's time. */
  static Verdict decide(
      ActionCondition condition,
      Map<String, Object> row,
      String titleColumn,
      StatusNames statuses,
      Instant now) {
    if (condition == null) {
      return Verdict.HOLDS;
    }
    Truth t = condition.evaluate(new RowFacts(row, titleColumn, statuses, now));
    return switch (t) {
      case TRUE -> Verdict.HOLDS;
      case FALSE -> Verdict.FAILS;
      case UNKNOWN -> Verdict.UNKNOWN;
    };
  }

  /** The facts a report row tells. */
  private record RowFacts(
      Map<String, Object> row, String titleColumn, StatusNames statuses, Instant now)
      implements Facts {

    @Override
    public Object field(String name) {
      if (name.equals("ModifiedDate")) {
        // The row cannot tell who made the last change; rules must not see tqd's own (the
        // self-trigger guard), which only the ticket's feed shows.
        return UNKNOWN;
      }
      if (name.equals("Title")) {
        return row.containsKey(titleColumn) ? row.get(titleColumn) : UNKNOWN;
      }
      if (row.containsKey(name) && row.get(name) != null) {
        return row.get(name);
      }
      if (name.equals("StatusID")) {
        return statusFromName();
      }
      return row.containsKey(name) ? null : UNKNOWN;
    }

    private Object statusFromName() {
      Object name = row.get("StatusName");
      if (!(name instanceof String s) || s.isBlank() || statuses == null) {
        return UNKNOWN;
      }
      Map<String, Integer> byName = statuses.byName();
      Integer id = byName == null ? null : byName.get(s.strip().toLowerCase(Locale.ROOT));
      return id == null ? UNKNOWN : id;
    }

    @Override
    public Object attribute(String idOrName) {
      return UNKNOWN;
    }

    @Override
    public Object attributeValue(String idOrName) {
      return UNKNOWN;
    }

    @Override
    public Object column(String name) {
      return row.get(name);
    }

    @Override
    public Object lastRequestorReply() {
      return UNKNOWN;
    }
  }
}
