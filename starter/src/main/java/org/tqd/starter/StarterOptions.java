package org.tqd.starter;

import java.time.Duration;
import java.util.Objects;
import org.tqd.workflows.TicketRun;
import org.tqd.workflows.action.Pipeline;
import org.tqd.workflows.activities.TaskQueues;

/**
 * What the {@link ReportPoller} polls and how it starts ticket workflows. Immutable; build with
 * {@link #newBuilder(int, Pipeline)}.
 */
public final class StarterOptions {

  /**
   * Default {@link Builder#setIdColumn ID column}: {@code TicketID}, as the Python daemon reads.
   */
  public static final String DEFAULT_ID_COLUMN = "TicketID";

  /** Default {@link Builder#setTitleColumn title column}: {@code Title}. */
  public static final String DEFAULT_TITLE_COLUMN = "Title";

  /** Default {@link Builder#setInterval poll interval}: 300 s, the Python daemon's default. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(300);

  /**
   * Default {@link Builder#setWorkflowExecutionTimeout workflow execution timeout}: none. A run
   * that Temporal ended for its time would leave its claims in progress and record nothing; every
   * activity of a run is bounded, except waits for the ledger, which must not be cut short.
   */
  public static final Duration DEFAULT_WORKFLOW_EXECUTION_TIMEOUT = null;

  /** Default {@link Builder#setStartConcurrency start concurrency}: 4 start calls at once. */
  public static final int DEFAULT_START_CONCURRENCY = 4;

  private final int reportId;
  private final Pipeline pipeline;
  private final String idColumn;
  private final String titleColumn;
  private final boolean dryRun;
  private final int maxRunsBeforePark;
  private final Duration interval;
  private final Duration recheckInterval;
  private final Duration workflowExecutionTimeout;
  private final String taskQueue;
  private final int startConcurrency;
  private final PauseCheck pauseCheck;

  private StarterOptions(Builder b) {
    this.reportId = b.reportId;
    this.pipeline = b.pipeline;
    this.idColumn = b.idColumn;
    this.titleColumn = b.titleColumn;
    this.dryRun = b.dryRun;
    this.maxRunsBeforePark = b.maxRunsBeforePark;
    this.interval = b.interval;
    this.recheckInterval = b.recheckInterval;
    this.workflowExecutionTimeout = b.workflowExecutionTimeout;
    this.taskQueue = b.taskQueue;
    this.startConcurrency = b.startConcurrency;
    this.pauseCheck = b.pauseCheck;
  }

  /** Options for polling {@code reportId} and running {@code pipeline} on its tickets. */
  public static Builder newBuilder(int reportId, Pipeline pipeline) {
    return new Builder(reportId, pipeline);
  }

  /** A builder preset with these options. */
  public Builder toBuilder() {
    return new Builder(reportId, pipeline)
        .setIdColumn(idColumn)
        .setTitleColumn(titleColumn)
        .setDryRun(dryRun)
        .setMaxRunsBeforePark(maxRunsBeforePark)
        .setInterval(interval)
        .setRecheckInterval(recheckInterval)
        .setWorkflowExecutionTimeout(workflowExecutionTimeout)
        .setTaskQueue(taskQueue)
        .setStartConcurrency(startConcurrency)
        .setPauseCheck(pauseCheck);
  }

  /** Whether the pipeline is paused; asked at the start of every poll. */
  public PauseCheck pauseCheck() {
    return pauseCheck;
  }

  /** The TDX report that is the queue. */
  public int reportId() {
    return reportId;
  }

  /** The actions run on every ticket. */
  public Pipeline pipeline() {
    return pipeline;
  }

  /** The report column holding the ticket ID. */
  public String idColumn() {
    return idColumn;
  }

  /** The report column holding the ticket title (used for the workflow summary only). */
  public String titleColumn() {
    return titleColumn;
  }

  /** Whether workflows are started as dry runs. */
  public boolean dryRun() {
    return dryRun;
  }

  /** Failed runs after which an action is parked; passed to the workflow and the work tracker. */
  public int maxRunsBeforePark() {
    return maxRunsBeforePark;
  }

  /** Delay between the end of one poll and the start of the next in daemon mode. */
  public Duration interval() {
    return interval;
  }

  /**
   * How often a ticket waiting only for conditions that the report row cannot decide is started to
   * evaluate them again: the setting, or 6 poll intervals when unset.
   */
  public Duration recheckInterval() {
    return recheckInterval != null ? recheckInterval : interval.multipliedBy(6);
  }

  /** The longest a ticket workflow may run before Temporal ends it as timed out; null: no limit. */
  public Duration workflowExecutionTimeout() {
    return workflowExecutionTimeout;
  }

  /** Task queue the ticket workflows run on. */
  public String taskQueue() {
    return taskQueue;
  }

  /** How many start calls one poll makes at once. */
  public int startConcurrency() {
    return startConcurrency;
  }

  @Override
  public String toString() {
    return "StarterOptions{report "
        + reportId
        + ", pipeline "
        + pipeline.pipelineId()
        + ", idColumn "
        + idColumn
        + ", dryRun "
        + dryRun
        + ", interval "
        + interval.toSeconds()
        + " s}";
  }

  /** Builder of {@link StarterOptions}; every setter's Javadoc states the default. */
  public static final class Builder {
    private final int reportId;
    private final Pipeline pipeline;
    private String idColumn = DEFAULT_ID_COLUMN;
    private String titleColumn = DEFAULT_TITLE_COLUMN;
    private boolean dryRun;
    private int maxRunsBeforePark = TicketRun.DEFAULT_MAX_RUNS_BEFORE_PARK;
    private Duration interval = DEFAULT_INTERVAL;
    private Duration recheckInterval;
    private Duration workflowExecutionTimeout = DEFAULT_WORKFLOW_EXECUTION_TIMEOUT;
    private String taskQueue = TaskQueues.TICKETS;
    private int startConcurrency = DEFAULT_START_CONCURRENCY;
    private PauseCheck pauseCheck = PauseCheck.NEVER;

    private Builder(int reportId, Pipeline pipeline) {
      this.reportId = reportId;
      this.pipeline = pipeline;
    }

    /** The report column holding ticket IDs. Default {@code TicketID}. */
    public Builder setIdColumn(String idColumn) {
      this.idColumn = idColumn;
      return this;
    }

    /** The report column holding ticket titles. Default {@code Title}. */
    public Builder setTitleColumn(String titleColumn) {
      this.titleColumn = titleColumn;
      return this;
    }

    /**
     * Start dry runs: workflow IDs with the {@code tqd-dry:} prefix, reuse policy ALLOW_DUPLICATE
     * (a finished dry run never blocks the next), nothing written to TDX or the ledger. The work
     * tracker is still asked, read-only, so a dry run previews exactly the tickets a real poll
     * would start, as the Python daemon's dry run did. Default false.
     */
    public Builder setDryRun(boolean dryRun) {
      this.dryRun = dryRun;
      return this;
    }

    /** Failed runs after which an action is parked. Default 3; at least 1. */
    public Builder setMaxRunsBeforePark(int maxRunsBeforePark) {
      this.maxRunsBeforePark = maxRunsBeforePark;
      return this;
    }

    /**
     * Daemon mode: the delay after each poll ends before the next begins (fixed delay). Default 300
     * s; at least 1 s.
     */
    public Builder setInterval(Duration interval) {
      this.interval = interval;
      return this;
    }

    /**
     * How often a ticket waiting only for conditions that its report row cannot decide (the row has
     * no column for what the condition reads) is started to evaluate them again. A condition the
     * row decides (status from a {@code StatusID} or {@code StatusName} column, title, type, form)
     * is evaluated at every poll without waiting. Default null: 6 poll intervals; when set, at
     * least 1 s.
     */
    public Builder setRecheckInterval(Duration recheckInterval) {
      this.recheckInterval = recheckInterval;
      return this;
    }

    /**
     * Workflow execution timeout of each ticket workflow. Default null: none (a timed-out run would
     * leave its claims in progress and record nothing; the next run reclaims them). When set,
     * positive.
     */
    public Builder setWorkflowExecutionTimeout(Duration timeout) {
      this.workflowExecutionTimeout = timeout;
      return this;
    }

    /** Task queue of the ticket workflows. Default {@link TaskQueues#TICKETS}. */
    public Builder setTaskQueue(String taskQueue) {
      this.taskQueue = taskQueue;
      return this;
    }

    /** Start calls made at once during a poll. Default 4; between 1 and 64. */
    public Builder setStartConcurrency(int startConcurrency) {
      this.startConcurrency = startConcurrency;
      return this;
    }

    /**
     * Asked at the start of every poll whether the pipeline is paused ({@code tqd pause}); a paused
     * poll reads no report and starts nothing. Default {@link PauseCheck#NEVER}.
     */
    public Builder setPauseCheck(PauseCheck pauseCheck) {
      this.pauseCheck = Objects.requireNonNull(pauseCheck, "pauseCheck");
      return this;
    }

    /**
     * The options.
     *
     * @throws IllegalArgumentException naming the first invalid option and what is allowed
     */
    public StarterOptions build() {
      if (reportId <= 0) {
        throw new IllegalArgumentException(
            "report ID must be a positive TDX report ID, got "
                + reportId
                + ": set --report-id or DAEMON_REPORT_ID");
      }
      Objects.requireNonNull(pipeline, "pipeline");
      if (pipeline.actions().isEmpty()) {
        throw new IllegalArgumentException("the pipeline has no actions: configure at least one");
      }
      requireText(idColumn, "ID column");
      requireText(titleColumn, "title column");
      requireText(taskQueue, "task queue");
      if (maxRunsBeforePark < 1) {
        throw new IllegalArgumentException(
            "maxRunsBeforePark must be at least 1, got " + maxRunsBeforePark);
      }
      if (interval == null || interval.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException(
            "poll interval must be at least 1 second, got " + describe(interval));
      }
      if (recheckInterval != null && recheckInterval.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException(
            "recheck interval must be at least 1 second, got "
                + describe(recheckInterval)
                + ": set --recheck-interval or TQD_RECHECK_INTERVAL (seconds)");
      }
      if (workflowExecutionTimeout != null
          && (workflowExecutionTimeout.isNegative() || workflowExecutionTimeout.isZero())) {
        throw new IllegalArgumentException(
            "workflow execution timeout must be positive, got "
                + describe(workflowExecutionTimeout));
      }
      if (startConcurrency < 1 || startConcurrency > 64) {
        throw new IllegalArgumentException(
            "start concurrency must be between 1 and 64, got " + startConcurrency);
      }
      return new StarterOptions(this);
    }

    private static void requireText(String value, String what) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(what + " must not be empty");
      }
    }

    private static String describe(Duration d) {
      return d == null ? "nothing" : d.toMillis() + " ms";
    }
  }
}
