package org.tqd.starter;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.tqd.workflows.action.ActionCondition;

/**
 * Decides an action's condition from a ticket's report row, without a TDX call, where the row
 * carries what the condition reads: the status from a {@code StatusID} column or from a {@code
 * StatusName} column mapped through the ticket statuses (one {@code GET tickets/statuses} per poll,
 * made only when needed), the type from {@code TypeID}, the form from {@code FormID}, the title
 * from the title column. The workflow evaluates the condition again against the ticket itself
 * before it runs the action, so a row that is a moment out of date costs at most one run, never a
 * wrong write.
 */
final class RowConditions {

  /** What the row says about a condition. */
  enum Verdict {
    /** Every criterion holds by the row. */
    HOLDS,
    /** At least one criterion fails by the row. */
    FAILS,
    /** No criterion fails, and the row lacks what at least one reads. */
    UNKNOWN
  }

  /** The ticket statuses by lower-case name, read at most once per poll; null when unavailable. */
  interface StatusNames {
    Map<String, Integer> byName();
  }

  private RowConditions() {}

  /** The verdict of {@code condition} (null: always holds) for the row. */
  static Verdict decide(
      ActionCondition condition,
      Map<String, Object> row,
      String titleColumn,
      StatusNames statuses) {
    if (condition == null) {
      return Verdict.HOLDS;
    }
    boolean unknown = false;
    if (condition.statusIds() != null) {
      Verdict v = status(condition.statusIds(), row, statuses);
      if (v == Verdict.FAILS) {
        return v;
      }
      unknown |= v == Verdict.UNKNOWN;
    }
    if (condition.typeIds() != null) {
      Verdict v = idIn(condition.typeIds(), row.get("TypeID"));
      if (v == Verdict.FAILS) {
        return v;
      }
      unknown |= v == Verdict.UNKNOWN;
    }
    if (condition.formIds() != null) {
      Verdict v = idIn(condition.formIds(), row.get("FormID"));
      if (v == Verdict.FAILS) {
        return v;
      }
      unknown |= v == Verdict.UNKNOWN;
    }
    if (condition.titleMatches() != null) {
      if (!row.containsKey(titleColumn)) {
        unknown = true;
      } else {
        Object title = row.get(titleColumn);
        String text = title == null ? "" : title.toString();
        if (!Pattern.compile(condition.titleMatches()).matcher(text).find()) {
          return Verdict.FAILS;
        }
      }
    }
    return unknown ? Verdict.UNKNOWN : Verdict.HOLDS;
  }

  private static Verdict status(List<Integer> wanted, Map<String, Object> row, StatusNames names) {
    Verdict byId = idIn(wanted, row.get("StatusID"));
    if (byId != Verdict.UNKNOWN) {
      return byId;
    }
    Object name = row.get("StatusName");
    if (!(name instanceof String s) || s.isBlank() || names == null) {
      return Verdict.UNKNOWN;
    }
    Map<String, Integer> byName = names.byName();
    Integer id = byName == null ? null : byName.get(s.strip().toLowerCase(Locale.ROOT));
    if (id == null) {
      return Verdict.UNKNOWN;
    }
    return wanted.contains(id) ? Verdict.HOLDS : Verdict.FAILS;
  }

  private static Verdict idIn(List<Integer> wanted, Object cell) {
    Integer id = integer(cell);
    if (id == null) {
      return Verdict.UNKNOWN;
    }
    return wanted.contains(id) ? Verdict.HOLDS : Verdict.FAILS;
  }

  private static Integer integer(Object cell) {
    if (cell instanceof Number || cell instanceof String) {
      try {
        return new BigDecimal(cell.toString().trim()).intValueExact();
      } catch (NumberFormatException | ArithmeticException e) {
        return null;
      }
    }
    return null;
  }

  /** Whether deciding the condition from this row may need the status names. */
  static boolean needsStatusNames(ActionCondition condition, Map<String, Object> row) {
    return condition != null
        && condition.statusIds() != null
        && integer(row.get("StatusID")) == null
        && row.get("StatusName") instanceof String;
  }
}
