package org.tqd.workflows.activities;

/** Task queue names shared by the worker, the starter and the workflow. */
public final class TaskQueues {

  /** Workflow tasks and ledger activities. */
  public static final String TICKETS = "tqd-tickets";

  /** Activities that call TDX; rate-limited server-side with maxTaskQueueActivitiesPerSecond. */
  public static final String TDX = "tqd-tdx";

  private TaskQueues() {}
}
