package org.tqd.activities.ledger;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Action counts from the ledger (the Python daemon's {@code get_action_stats}).
 *
 * @param totalActions rows counted
 * @param byType counts per action type, sorted by type
 * @param byStatus counts per status, every status present (0 when none)
 */
public record LedgerStats(
    long totalActions, Map<String, TypeStats> byType, Map<ActionStatus, Long> byStatus) {

  public LedgerStats {
    byType = Collections.unmodifiableMap(new TreeMap<>(byType));
    EnumMap<ActionStatus, Long> statuses = new EnumMap<>(ActionStatus.class);
    for (ActionStatus s : ActionStatus.values()) {
      statuses.put(s, byStatus.getOrDefault(s, 0L));
    }
    byStatus = Collections.unmodifiableMap(statuses);
  }

  /**
   * Counts for one action type.
   *
   * @param firstExecuted the earliest {@code executed_at} of its rows, or null
   * @param lastExecuted the latest {@code executed_at} of its rows, or null
   */
  public record TypeStats(
      long total,
      long completed,
      long failed,
      long skipped,
      long inProgress,
      Instant firstExecuted,
      Instant lastExecuted) {}
}
