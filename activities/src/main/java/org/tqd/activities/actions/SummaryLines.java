package org.tqd.activities.actions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tqd.activities.ledger.ActionState;
import org.tqd.activities.ledger.ActionStatus;

/**
 * Which lines the summary comment carries, read from the ledger rows of the pipeline's earlier
 * actions (DESIGN §3.5b). Pure: the caller reads the rows.
 *
 * <ul>
 *   <li>a done row with a summary not yet marked posted gives its summary;
 *   <li>a failed row that is parked gives one line naming it as parked, once;
 *   <li>a failed (or left in progress) row that a later run will retry holds the summary back
 *       ({@link #awaitingRetry});
 *   <li>a not-applicable row, or an action with no row, neither gives a line nor holds anything
 *       back;
 *   <li>a done row of the Python daemon (no {@code summary} column then) gives the line rebuilt
 *       from its stored details, for the ticket's first summary only ({@link DaemonSummaryLines}).
 * </ul>
 */
final class SummaryLines {

  private SummaryLines() {}

  /**
   * One line of a summary or follow-up comment.
   *
   * @param actionId the action it reports on (null in a dry run)
   * @param text the line, an HTML fragment
   */
  record Line(String actionId, String text) {}

  /**
   * The earlier actions, in pipeline order, that failed or were left in progress and that a later
   * run retries (not parked): the summary waits for them.
   */
  static List<String> awaitingRetry(
      List<String> earlier, Map<String, ActionState> rows, int maxRunsBeforePark) {
    List<String> out = new ArrayList<>();
    for (String id : earlier) {
      ActionState row = rows.get(id);
      if (row != null
          && (row.status() == ActionStatus.FAILED || row.status() == ActionStatus.IN_PROGRESS)
          && !row.isParked(maxRunsBeforePark)) {
        out.add(id);
      }
    }
    return out;
  }

  /**
   * The lines not yet posted, in pipeline order. Rows of the Python daemon are rebuilt from their
   * details only when {@code firstSummary}: a summary the daemon posted already carried them.
   */
  static List<Line> unposted(
      List<String> earlier,
      Map<String, ActionState> rows,
      int maxRunsBeforePark,
      boolean firstSummary) {
    List<Line> out = new ArrayList<>();
    for (String id : earlier) {
      ActionState row = rows.get(id);
      if (row == null || row.metadata().get(ActionJournal.SUMMARIZED_AT_KEY) != null) {
        continue;
      }
      line(row, maxRunsBeforePark, firstSummary).ifPresent(text -> out.add(new Line(id, text)));
    }
    return out;
  }

  private static Optional<String> line(
      ActionState row, int maxRunsBeforePark, boolean firstSummary) {
    if (row.isDone()) {
      if (row.summary() != null && !row.summary().isEmpty()) {
        return Optional.of(row.summary());
      }
      if (firstSummary && DaemonSummaryLines.isDaemonRow(row)) {
        return DaemonSummaryLines.rebuild(row);
      }
      return Optional.empty();
    }
    if (row.status() == ActionStatus.FAILED && row.isParked(maxRunsBeforePark)) {
      return Optional.of(parkedLine(row));
    }
    return Optional.empty();
  }

  /**
   * {@code ⚠️ add_asset did not complete after 3 run(s) and is parked until an operator retries it
   * (last error: …)}.
   */
  static String parkedLine(ActionState row) {
    String error = row.errorMessage() == null ? "" : row.errorMessage().strip();
    if (error.length() > 200) {
      error = error.substring(0, 199) + "…";
    }
    if (row.metadata().containsKey("write_budget")) {
      // Parked by the write budget, not by failures: say that, not a run count.
      return "⚠️ " + Html.escape(row.actionType()) + " was not run. " + Html.escape(error);
    }
    return "⚠️ "
        + Html.escape(row.actionType())
        + " did not complete after "
        + row.attempt()
        + " run(s) and is parked until an operator retries it"
        + (error.isEmpty() ? "" : " (last error: " + Html.escape(error) + ")");
  }

  /**
   * Whether the summary row stands for a posted summary comment: completed, and not the Python
   * daemon's "No summaries to post (skipped)", which it recorded as completed.
   */
  static boolean commentPosted(ActionState summaryRow) {
    if (summaryRow == null || summaryRow.status() != ActionStatus.COMPLETED) {
      return false;
    }
    Object details = summaryRow.metadata().get("details");
    return !(details instanceof Map<?, ?> d && Boolean.TRUE.equals(d.get("skipped")));
  }
}
