package org.tqd.starter;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tqd.starter.ReportTickets.ReportTicket;
import org.tqd.starter.WorkTracker.WaitingTicket;
import org.tqd.tdx.TdxApi;
import org.tqd.tdx.model.TicketStatus;
import org.tqd.workflows.action.ActionSpec;

/**
 * Which of a poll's tickets that wait only for conditions are started to evaluate them again
 * (DESIGN §3.3): a ticket is started at the first poll whose report row shows one of its conditions
 * holding ({@link RowConditions}), and, when the row cannot decide a condition, once per recheck
 * interval since it was last evaluated. Neither costs a TDX call per ticket: at most one {@code GET
 * tickets/statuses} per poll, when a status condition must be read from a {@code StatusName}
 * column.
 */
final class ConditionRecheck {

  private static final Logger log = LoggerFactory.getLogger(ConditionRecheck.class);

  private final TdxApi tdx;
  private final StarterOptions options;
  private final Map<String, ActionSpec> specs = new HashMap<>();

  ConditionRecheck(TdxApi tdx, StarterOptions options) {
    this.tdx = tdx;
    this.options = options;
    options.pipeline().actions().forEach(s -> specs.put(s.actionId(), s));
  }

  /** Why a waiting ticket is started in this poll. */
  enum Reason {
    /** The report row shows a condition that now holds. */
    ROW_SHOWS_CONDITION,
    /** The row cannot decide a condition, and the recheck interval has passed. */
    RECHECK_DUE
  }

  /**
   * The waiting tickets to start in this poll, with why.
   *
   * @param tickets the report's tickets (for their rows)
   * @param waiting the tracker's waiting tickets
   * @param now the poll's time
   */
  Map<Integer, Reason> due(List<ReportTicket> tickets, List<WaitingTicket> waiting, Instant now) {
    Map<Integer, ReportTicket> byId = new HashMap<>();
    tickets.forEach(t -> byId.put(t.id(), t));
    Statuses statuses = new Statuses();
    Map<Integer, Reason> out = new java.util.LinkedHashMap<>();
    Instant recheckBefore = now.minus(options.recheckInterval());
    for (WaitingTicket w : waiting) {
      ReportTicket ticket = byId.get(w.ticketId());
      Map<String, Object> row = ticket == null ? Map.of() : ticket.row();
      boolean unknown = false;
      boolean holds = false;
      for (String actionId : w.actionIds()) {
        ActionSpec spec = specs.get(actionId);
        if (spec == null) {
          continue;
        }
        RowConditions.Verdict verdict =
            RowConditions.decide(spec.when(), row, options.titleColumn(), statuses, now);
        holds |= verdict == RowConditions.Verdict.HOLDS;
        unknown |= verdict == RowConditions.Verdict.UNKNOWN;
      }
      if (holds) {
        out.put(w.ticketId(), Reason.ROW_SHOWS_CONDITION);
      } else if (unknown && (w.evaluatedAt() == null || !w.evaluatedAt().isAfter(recheckBefore))) {
        out.put(w.ticketId(), Reason.RECHECK_DUE);
      }
    }
    return out;
  }

  /** The ticket statuses by name, read once, on first use; null when they cannot be read. */
  private final class Statuses implements RowConditions.StatusNames {
    private boolean read;
    private Map<String, Integer> byName;

    @Override
    public Map<String, Integer> byName() {
      if (!read) {
        read = true;
        try {
          Map<String, Integer> names = new HashMap<>();
          Set<String> ambiguous = new LinkedHashSet<>();
          for (TicketStatus s : tdx.getTicketStatuses()) {
            if (s.name() == null) {
              continue;
            }
            String key = s.name().strip().toLowerCase(Locale.ROOT);
            if (names.putIfAbsent(key, s.id()) != null && names.get(key) != s.id()) {
              ambiguous.add(key);
            }
          }
          ambiguous.forEach(names::remove);
          byName = names;
        } catch (RuntimeException e) {
          log.warn(
              "ticket statuses could not be read ({}); status conditions of report {} wait for"
                  + " their recheck interval",
              e.getMessage(),
              options.reportId());
        }
      }
      return byName;
    }
  }
}
