package org.tqd.app.commands;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.tqd.activities.ledger.ActionLedger;
import org.tqd.activities.ledger.ActionState;
import org.tqd.activities.ledger.ActionStatus;
import org.tqd.activities.ledger.LedgerRetention;
import org.tqd.activities.ledger.LedgerStats;
import org.tqd.app.CliAudit;
import org.tqd.app.ExitCodes;
import org.tqd.app.Services;
import org.tqd.app.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tqd ledger stats|ticket|clear-failed|purge}: the action ledger (DATABASE_URL). */
@Command(
    name = "ledger",
    mixinStandardHelpOptions = true,
    description = "Read and maintain the action ledger (meta.daemon_action_log in DATABASE_URL).",
    subcommands = {
      LedgerCommand.Stats.class,
      LedgerCommand.Ticket.class,
      LedgerCommand.ClearFailed.class,
      LedgerCommand.Purge.class
    },
    footer = ExitCodes.HELP_FOOTER)
public final class LedgerCommand implements Runnable {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "say 'stats', 'ticket <id>', 'clear-failed' or 'purge'");
  }

  /** Action counts per type and status. */
  @Command(
      name = "stats",
      mixinStandardHelpOptions = true,
      description = "Counts per action type and status.",
      footer = ExitCodes.HELP_FOOTER)
  static final class Stats implements Callable<Integer> {
    @Option(names = "--type", paramLabel = "TYPE", description = "Only this action type.")
    String type;

    @Option(names = "--json", description = "Print the counts as JSON.")
    boolean json;

    @Mixin LoggingOptions logging;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      logging.apply();
      try (Services services = new Services(Settings.load())) {
        ActionLedger ledger = services.ledger();
        LedgerStats stats = type == null ? ledger.stats() : ledger.stats(type);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
          Map<String, Object> answer = new java.util.LinkedHashMap<>();
          answer.put("total_actions", stats.totalActions());
          Map<String, Long> byStatus = new java.util.LinkedHashMap<>();
          stats.byStatus().forEach((k, v) -> byStatus.put(k.dbValue(), v));
          answer.put("by_status", byStatus);
          Map<String, Object> byType = new java.util.LinkedHashMap<>();
          stats
              .byType()
              .forEach(
                  (k, t) -> {
                    Map<String, Object> m = new java.util.LinkedHashMap<>();
                    m.put("total", t.total());
                    m.put("completed", t.completed());
                    m.put("failed", t.failed());
                    m.put("skipped", t.skipped());
                    m.put("in_progress", t.inProgress());
                    m.put("first_executed", t.firstExecuted());
                    m.put("last_executed", t.lastExecuted());
                    byType.put(k, m);
                  });
          answer.put("by_type", byType);
          JsonOutput.print(out, answer);
          return ExitCodes.OK;
        }
        out.printf("Total actions: %d%n", stats.totalActions());
        for (Map.Entry<ActionStatus, Long> e : stats.byStatus().entrySet()) {
          out.printf("  %-12s %d%n", e.getKey().dbValue(), e.getValue());
        }
        out.printf(
            "%n%-22s %8s %10s %7s %8s %12s  %-20s  %s%n",
            "type",
            "total",
            "completed",
            "failed",
            "skipped",
            "in_progress",
            "first executed",
            "last executed");
        for (Map.Entry<String, LedgerStats.TypeStats> e : stats.byType().entrySet()) {
          LedgerStats.TypeStats t = e.getValue();
          out.printf(
              "%-22s %8d %10d %7d %8d %12d  %-20s  %s%n",
              e.getKey(),
              t.total(),
              t.completed(),
              t.failed(),
              t.skipped(),
              t.inProgress(),
              t.firstExecuted(),
              t.lastExecuted());
        }
        out.flush();
        return ExitCodes.OK;
      }
    }
  }

  /** One ticket's actions, newest first. */
  @Command(
      name = "ticket",
      mixinStandardHelpOptions = true,
      description = "One ticket's action history, newest first.",
      footer = ExitCodes.HELP_FOOTER)
  static final class Ticket implements Callable<Integer> {
    @Parameters(paramLabel = "TICKET_ID", description = "The TDX ticket ID.")
    int ticketId;

    @Option(names = "--json", description = "Print the actions as JSON (metadata included).")
    boolean json;

    @Mixin LoggingOptions logging;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      logging.apply();
      Checks.ticketId(ticketId, "TICKET_ID");
      try (Services services = new Services(Settings.load())) {
        List<ActionState> rows = services.ledger().history(ticketId);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
          List<Map<String, Object>> actions = new java.util.ArrayList<>();
          for (ActionState r : rows) {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("action_id", r.actionId());
            m.put("action_type", r.actionType());
            m.put("status", r.status().dbValue());
            m.put("attempts", r.attempt());
            m.put("summary", r.summary());
            m.put("error", r.errorMessage());
            m.put("reference", r.reference());
            m.put("metadata", r.metadata());
            m.put("workflow_id", r.workflowId());
            m.put("run_id", r.runId());
            m.put("report_id", r.reportId());
            m.put("pipeline_id", r.pipelineId());
            m.put("executed_at", r.executedAt());
            m.put("started_at", r.startedAt());
            m.put("completed_at", r.completedAt());
            actions.add(m);
          }
          Map<String, Object> answer = new java.util.LinkedHashMap<>();
          answer.put("ticket_id", ticketId);
          answer.put("actions", actions);
          JsonOutput.print(out, answer);
          return ExitCodes.OK;
        }
        if (rows.isEmpty()) {
          out.printf("No actions recorded for ticket %d.%n", ticketId);
        }
        for (ActionState s : rows) {
          out.printf(
              "%s  %-40s %-11s runs %d  %s%n",
              s.executedAt(),
              s.actionId(),
              s.status().dbValue(),
              s.attempt(),
              s.workflowId() == null ? "(Python daemon)" : s.workflowId());
          if (s.summary() != null) {
            out.printf("    summary: %s%n", oneLine(s.summary()));
          }
          if (s.errorMessage() != null) {
            out.printf("    error:   %s%n", oneLine(s.errorMessage()));
          }
          if (Boolean.TRUE.equals(s.metadata().get("possibly_duplicate"))) {
            out.printf(
                "    possibly_duplicate: true (sent again after a crash in the send window, with"
                    + " the same idempotency key)%n");
          }
        }
        out.flush();
        return ExitCodes.OK;
      }
    }
  }

  /**
   * Gives failed actions (all, or one ticket's) a fresh allowance of runs so they run again at the
   * next poll. Rows are kept: an earlier run may have written under their stored plan.
   */
  @Command(
      name = "clear-failed",
      mixinStandardHelpOptions = true,
      description = {
        "Reset the run count of failed (and parked) actions so they run again at the next poll.",
        "Rows are kept with their plan and last error: the next run checks TDX before writing"
            + " again, so nothing an earlier run wrote is repeated."
      },
      footer = ExitCodes.HELP_FOOTER)
  static final class ClearFailed implements Callable<Integer> {
    @Option(
        names = "--ticket",
        paramLabel = "TICKET_ID",
        description = "Only this ticket (default: every ticket).")
    Integer ticketId;

    @Option(
        names = "--reason",
        paramLabel = "TEXT",
        description = "Why, for the audit log (meta.tqd_audit_log).")
    String reason;

    @Mixin LoggingOptions logging;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      logging.apply();
      if (ticketId != null) {
        Checks.ticketId(ticketId, "--ticket");
      }
      try (Services services = new Services(Settings.load())) {
        ActionLedger ledger = services.ledger();
        CliAudit audit =
            CliAudit.begin(services, "clear_failed", ticketId, null, Map.of(), reason, false);
        int n;
        try {
          n = ticketId == null ? ledger.clearFailed() : ledger.clearFailed(ticketId);
        } catch (RuntimeException e) {
          audit.failed(e.getMessage());
          throw e;
        }
        audit.completed(Map.of("cleared", n));
        spec.commandLine()
            .getOut()
            .printf(
                "Cleared %d failed action(s)%s: they run again at the next poll.%n",
                n, ticketId == null ? "" : " of ticket " + ticketId);
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
      }
    }
  }

  /**
   * Removes personal data from the rows of tickets that have left every report, keeping what
   * idempotency needs.
   */
  @Command(
      name = "purge",
      mixinStandardHelpOptions = true,
      description = {
        "Remove personal data (plans, metadata text, summaries, error messages; audit free text"
            + " and ticket-index titles where those tables exist) from the ledger rows of tickets"
            + " that no report poll has seen for DAYS days, when the rows are that old too.",
        "Kept: ticket ID, action ID and hash, status, run count, times, workflow IDs, comment"
            + " reference, summary-posted marks, asset IDs added, action configuration. Rows not"
            + " finished (in progress, failed) keep their plan: a later run needs it.",
        "TQD_RETENTION_DAYS makes 'tqd run --daemon' do this once a day."
      },
      footer = ExitCodes.HELP_FOOTER)
  static final class Purge implements Callable<Integer> {
    @Option(
        names = "--older-than",
        required = true,
        paramLabel = "DAYS",
        description = "Days a ticket has been out of every report (and its rows unchanged).")
    int days;

    @Option(names = "--dry-run", description = "Count only; change nothing.")
    boolean dryRun;

    @Mixin LoggingOptions logging;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      logging.apply();
      Checks.atLeast(days, 1, "--older-than");
      try (Services services = new Services(Settings.load())) {
        LedgerRetention.PurgeResult r = services.retention().purge(days, dryRun);
        PrintWriter out = spec.commandLine().getOut();
        String verb = dryRun ? "Would purge" : "Purged";
        out.printf(
            "%s personal data from %d row(s) of %d ticket(s) out of every report since %s.%n",
            verb, r.rows(), r.tickets(), r.cutoff().toString().substring(0, 19).replace('T', ' '));
        r.otherTables().forEach((table, n) -> out.printf("%s %d row(s) of %s.%n", verb, n, table));
        if (r.unfinishedKept() > 0) {
          out.printf(
              "Kept %d unfinished row(s) (in progress or failed) whole: a later run of their"
                  + " ticket needs their plan to finish without duplicates.%n",
              r.unfinishedKept());
        }
        if (r.sightingsSince() == null) {
          out.printf(
              "No report poll has been recorded yet, so no ticket is known to have left the"
                  + " reports; run the starter (tqd run) first.%n");
        } else if (r.sightingsTooRecent()) {
          out.printf(
              "Report polls are recorded since %s: tickets never seen in one count as gone only"
                  + " once that is %d days ago.%n",
              r.sightingsSince().toString().substring(0, 19).replace('T', ' '), days);
        }
        out.flush();
        return ExitCodes.OK;
      }
    }
  }

  static String oneLine(String s) {
    String flat = s.replaceAll("\\s+", " ").trim();
    return flat.length() > 200 ? flat.substring(0, 199) + "…" : flat;
  }
}
