package org.tqd.activities.actions;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The text of the automation summary comment, exactly as the Python daemon wrote it: the prefix, a
 * blank line, then one numbered line per summary, each introduced by {@code <br>} and joined by the
 * separator. Pure.
 */
public final class SummaryText {

  private SummaryText() {}

  /**
   * The comment text, or empty when there are no summaries and {@code skipIfEmpty} is set.
   *
   * @param prefix the first line, such as {@code 🤖 Automated Actions Summary}
   * @param summaries the summaries in pipeline order (each an HTML fragment)
   * @param separator what goes between numbered lines (the daemon's default is a newline)
   * @param skipIfEmpty when false, an empty list gives {@code {prefix}\n\nNo actions were
   *     executed.}
   */
  public static Optional<String> compose(
      String prefix, List<String> summaries, String separator, boolean skipIfEmpty) {
    if (summaries.isEmpty()) {
      return skipIfEmpty ? Optional.empty() : Optional.of(prefix + "\n\nNo actions were executed.");
    }
    List<String> lines = new ArrayList<>(summaries.size());
    for (int i = 0; i < summaries.size(); i++) {
      lines.add("<br>" + (i + 1) + ". " + summaries.get(i));
    }
    return Optional.of(prefix + "\n\n" + String.join(separator, lines));
  }
}
