package org.tqd.starter;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * What one poll found and did. The numbers are for this poll only (see {@link PollTotals} for
 * totals since the poller was built).
 *
 * <p>{@code found = started + alreadyDone + inFlight + startErrors + notStarted}; {@code restarted}
 * is the part of {@code started} whose tickets had failed actions before.
 *
 * @param pollNumber 1 for the poller's first poll, then 2, 3, …
 * @param reportId the report polled
 * @param reportName the report's name as TDX gave it (null when it could not be fetched)
 * @param dryRun whether workflows were started as dry runs
 * @param startedAt when the poll began
 * @param duration how long the poll took, the report call and every start call included
 * @param rows rows in the report
 * @param found distinct tickets with a usable ID in the report
 * @param withoutId rows without a usable ticket ID (not fatal; counted and reported)
 * @param duplicates rows naming a ticket an earlier row already named
 * @param tickets one entry per distinct ticket in the report, in report order, with what this poll
 *     did about it; empty when the poll failed before the ledger answered
 * @param error why the poll could not do its work, or null; with an error nothing was started
 * @param stopped true when {@link ReportPoller#stop()} ended the poll early; tickets it did not get
 *     to are {@link Disposition#NOT_STARTED}
 * @param pipelineName the pipeline's name in a {@code pipelines:} file, or null
 * @param paused why the poll started nothing because the pipeline is paused ({@code tqd pause}), or
 *     null; a paused poll reads no report
 */
public record PollResult(
    long pollNumber,
    int reportId,
    String reportName,
    boolean dryRun,
    Instant startedAt,
    Duration duration,
    int rows,
    int found,
    int withoutId,
    int duplicates,
    List<TicketStart> tickets,
    PollError error,
    boolean stopped,
    String pipelineName,
    String paused) {

  public PollResult {
    tickets = List.copyOf(tickets);
  }

  /** A poll of an unnamed pipeline that was not paused. */
  public PollResult(
      long pollNumber,
      int reportId,
      String reportName,
      boolean dryRun,
      Instant startedAt,
      Duration duration,
      int rows,
      int found,
      int withoutId,
      int duplicates,
      List<TicketStart> tickets,
      PollError error,
      boolean stopped) {
    this(
        pollNumber,
        reportId,
        reportName,
        dryRun,
        startedAt,
        duration,
        rows,
        found,
        withoutId,
        duplicates,
        tickets,
        error,
        stopped,
        null,
        null);
  }

  /** What a poll did about one ticket. */
  public enum Disposition {
    /** A new workflow was started. */
    STARTED,
    /** A new workflow was started for a ticket whose actions had failed in an earlier run. */
    RESTARTED,
    /** A run of this ticket's workflow was already running (the start was rejected). */
    IN_FLIGHT,
    /**
     * Nothing to do: the ledger has every action completed, skipped or parked, or Temporal rejected
     * the start because the workflow's last run completed.
     */
    ALREADY_DONE,
    /**
     * Not started: every action is done or parked but for actions whose condition did not hold when
     * last evaluated, and neither the report row nor the recheck interval calls for evaluating them
     * again in this poll.
     */
    WAITING,
    /** The start call failed; {@link TicketStart#message()} says why. */
    START_FAILED,
    /** Not attempted: the poller was stopped, or Temporal became unreachable during the poll. */
    NOT_STARTED
  }

  /**
   * One ticket of the poll.
   *
   * @param ticketId the ticket
   * @param title the title from the report row, or null
   * @param workflowId the ticket's workflow ID under this pipeline
   * @param runId the run this poll started, or the run found in flight or completed; null when
   *     unknown
   * @param disposition what the poll did
   * @param message why, for {@link Disposition#START_FAILED} and {@link Disposition#NOT_STARTED}
   *     (else a short note or null)
   */
  public record TicketStart(
      int ticketId,
      String title,
      String workflowId,
      String runId,
      Disposition disposition,
      String message) {

    /** True when this poll started a new run of the ticket's workflow. */
    public boolean startedHere() {
      return disposition == Disposition.STARTED || disposition == Disposition.RESTARTED;
    }
  }

  /** Why a poll started nothing. */
  public enum ErrorKind {
    /** The report could not be fetched from TDX (any TDX error; never read as an empty report). */
    REPORT,
    /** The report cannot be used as configured (e.g. it has no ticket ID column). */
    CONFIGURATION,
    /** The ledger could not tell which tickets need work. */
    LEDGER
  }

  /**
   * A poll-level error.
   *
   * @param kind what failed
   * @param message what happened and what to do; no secrets
   */
  public record PollError(ErrorKind kind, String message) {}

  /** Tickets for which this poll started a workflow, restarts included. */
  public int started() {
    return count(Disposition.STARTED) + count(Disposition.RESTARTED);
  }

  /** Of {@link #started()}, the tickets whose actions had failed in an earlier run. */
  public int restarted() {
    return count(Disposition.RESTARTED);
  }

  /** Tickets with nothing left to do. */
  public int alreadyDone() {
    return count(Disposition.ALREADY_DONE);
  }

  /** Tickets not started because they wait only for conditions not yet due to be evaluated. */
  public int waiting() {
    return count(Disposition.WAITING);
  }

  /** Tickets whose workflow was already running. */
  public int inFlight() {
    return count(Disposition.IN_FLIGHT);
  }

  /** Tickets whose start call failed. */
  public int startErrors() {
    return count(Disposition.START_FAILED);
  }

  /** Tickets not attempted because the poll was stopped or Temporal became unreachable. */
  public int notStarted() {
    return count(Disposition.NOT_STARTED);
  }

  /** The workflows this poll started, in report order. */
  public List<TicketStart> startedRuns() {
    return tickets.stream().filter(TicketStart::startedHere).toList();
  }

  /**
   * True when the poll did all its work: no poll error, no failed start, and no ticket left
   * unattempted other than by {@link ReportPoller#stop()}. A run-once CLI exits 1 otherwise.
   */
  public boolean succeeded() {
    return error == null && startErrors() == 0 && (stopped || notStarted() == 0);
  }

  /**
   * The one log line of this poll, e.g. {@code poll #3 report 1344: found 200 (rows 203, without ID
   * 3, duplicates 0), started 150, already done 40, in flight 10, restarted after failure 2, start
   * errors 0, in 1.23 s}.
   */
  public String line() {
    StringBuilder line = new StringBuilder("poll #").append(pollNumber).append(" report ");
    line.append(reportId);
    if (pipelineName != null) {
      line.append(" pipeline ").append(pipelineName);
    }
    if (dryRun) {
      line.append(" (dry run)");
    }
    line.append(": ");
    if (paused != null) {
      line.append("paused (")
          .append(paused)
          .append("): report not read, no workflows started; tqd resume lifts it");
    } else if (stopped && error == null && rows == 0 && tickets.isEmpty()) {
      line.append("stopped before reading the report");
    } else if (error != null && error.kind() == ErrorKind.REPORT) {
      line.append("report error: ").append(error.message());
    } else if (error != null && error.kind() == ErrorKind.CONFIGURATION) {
      line.append("configuration error: ").append(error.message());
    } else {
      line.append("found ")
          .append(found)
          .append(" (rows ")
          .append(rows)
          .append(", without ID ")
          .append(withoutId)
          .append(", duplicates ")
          .append(duplicates)
          .append(")");
      if (error != null) {
        line.append(", ledger error: ").append(error.message()).append(", nothing started");
      } else {
        line.append(", started ")
            .append(started())
            .append(", already done ")
            .append(alreadyDone())
            .append(", in flight ")
            .append(inFlight())
            .append(", restarted after failure ")
            .append(restarted())
            .append(", start errors ")
            .append(startErrors());
        if (waiting() > 0) {
          line.append(", waiting for conditions ").append(waiting());
        }
        if (notStarted() > 0) {
          line.append(", not started ").append(notStarted());
        }
      }
    }
    if (stopped && (rows > 0 || !tickets.isEmpty())) {
      line.append(", stopped early");
    }
    line.append(String.format(Locale.ROOT, ", in %.2f s", duration.toMillis() / 1000.0));
    return line.toString();
  }

  private int count(Disposition d) {
    int n = 0;
    for (TicketStart t : tickets) {
      if (t.disposition() == d) {
        n++;
      }
    }
    return n;
  }
}
