package org.tqd.activities.actions;

import java.util.List;

/**
 * The operator messages and summary lines of {@code add_asset}, worded exactly as the Python
 * daemon's (lsats-daemon.md §1.2), so an operator reading old and new comments sees one vocabulary.
 *
 * <p>Summaries are HTML fragments (the summary comment is rich HTML by default, and the {@code
 * find_active_tickets} summary is a table): asset names and identifiers are HTML-escaped. Names
 * without {@code < > & " '} and the identifiers the extractor finds (letters, digits, {@code -} and
 * {@code _}) are unchanged by escaping, so ordinary summaries read exactly as the daemon's. Two
 * additions the daemon did not have: {@code found_ids} is in order of first appearance, and assets
 * beyond {@code max_assets_to_add} are named instead of dropped silently. And one difference:
 * {@code found_ids} lists only the identifiers that named an asset (the daemon listed every match
 * of its patterns, phone numbers and capitalised words included; the details keep them all).
 */
public final class AddAssetSummaries {

  private AddAssetSummaries() {}

  /** The phase names used in the reason. */
  private static final String REASON_PHASE_1 = "ticket title/description";

  private static final String REASON_PHASE_2 = "ticket conversation";

  /**
   * The first three identifiers joined by {@code ", "}, plus {@code " (and {n-3} more)"} when there
   * are more. Escaped for HTML.
   */
  public static String foundIds(List<String> identifiers) {
    String shown =
        String.join(
            ", ",
            identifiers.subList(0, Math.min(3, identifiers.size())).stream()
                .map(Html::escape)
                .toList());
    return identifiers.size() > 3 ? shown + " (and " + (identifiers.size() - 3) + " more)" : shown;
  }

  /** {@code Added {k} asset(s) from Phase {phase}}. */
  public static String addedMessage(int added, int phase) {
    return "Added " + added + " asset(s) from Phase " + phase;
  }

  /**
   * {@code Added {k} asset(s): {names}. Reason: Computer identifier(s) found in ticket
   * title/description ({found_ids})}, or {@code ... in ticket conversation ...} for phase 2, with
   * {@code (Failed to add {f} asset(s))} when some were not linked and {@code (Not added, over the
   * limit of {max}: {names})} when some were over the limit.
   */
  public static String addedSummary(
      int phase,
      List<String> addedNames,
      List<String> identifiers,
      int failed,
      List<String> overLimitNames,
      int maxAssetsToAdd) {
    StringBuilder s = new StringBuilder();
    s.append("Added ")
        .append(addedNames.size())
        .append(" asset(s): ")
        .append(names(addedNames))
        .append(". Reason: Computer identifier(s) found in ")
        .append(phase == 1 ? REASON_PHASE_1 : REASON_PHASE_2)
        .append(" (")
        .append(foundIds(identifiers))
        .append(")");
    if (failed > 0) {
      s.append(" (Failed to add ").append(failed).append(" asset(s))");
    }
    if (!overLimitNames.isEmpty()) {
      s.append(" (Not added, over the limit of ")
          .append(maxAssetsToAdd)
          .append(": ")
          .append(names(overLimitNames))
          .append(")");
    }
    return s.toString();
  }

  /** Phase 3, the ticket already has an asset: message. */
  public static final String HAS_ASSETS_MESSAGE = "No action needed - ticket already has assets";

  /** Phase 3, the ticket already has an asset: summary. */
  public static final String HAS_ASSETS_SUMMARY =
      "No assets added. Reason: No computer identifiers found and ticket already has assets";

  /** Phase 3, no requestor: message. */
  public static final String NO_REQUESTOR_MESSAGE = "No requestor UID available";

  /** Phase 3, no requestor: summary. */
  public static final String NO_REQUESTOR_SUMMARY =
      "No assets added. Reason: No computer identifiers found and no requestor UID available";

  /** Phase 3, the requestor's only computer is already on the ticket: message. */
  public static final String ALREADY_ON_TICKET_MESSAGE = "Asset already on ticket";

  /** Phase 3, the requestor's only computer is already on the ticket: summary. */
  public static final String ALREADY_ON_TICKET_SUMMARY =
      "No assets added. Reason: Requestor's only asset already on ticket";

  /** Phase 3 added the requestor's only computer: message. */
  public static final String REQUESTOR_ADDED_MESSAGE = "Added requestor's only asset";

  /** Phase 3 could not link the requestor's only computer: message. */
  public static final String REQUESTOR_ADD_FAILED_MESSAGE = "Failed to add requestor's asset";

  /** {@code Added 1 asset: {name}. Reason: User only has one computer}. */
  public static String requestorAddedSummary(String name) {
    return "Added 1 asset: " + Html.escape(name) + ". Reason: User only has one computer";
  }

  /** {@code Requestor has {n} assets, not 1}. */
  public static String requestorCountMessage(int count) {
    return "Requestor has " + count + " assets, not 1";
  }

  /**
   * {@code No assets added. Reason: No computer identifiers found and user has {n} assets (expected
   * exactly 1)}.
   */
  public static String requestorCountSummary(int count) {
    return "No assets added. Reason: No computer identifiers found and user has "
        + count
        + " assets (expected exactly 1)";
  }

  private static String names(List<String> names) {
    return String.join(", ", names.stream().map(Html::escape).toList());
  }
}
