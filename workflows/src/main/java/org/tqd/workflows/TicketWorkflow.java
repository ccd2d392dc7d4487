package org.tqd.workflows;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Runs a pipeline of actions on one TDX ticket.
 *
 * <p>Guarantees: the ticket is read once per run and shared by the actions; the ledger is read once
 * per run and actions already completed (by tqd or by the Python daemon) are not run again; actions
 * run in pipeline order, and one failing does not stop the next unless its spec says so. Each
 * action that writes to TDX claims its ledger row, writes, and completes it, checking TDX before
 * writing again when it finds its own earlier claim, so a crash or retry at any instant yields no
 * duplicate and no lost action. A run in which an action failed for good ends as failed, after the
 * remaining actions ran, so that a later poll may start the ticket again.
 *
 * <p>The workflow code is deterministic: all I/O happens in activities.
 */
@WorkflowInterface
public interface TicketWorkflow {

  /** Workflow type name, as shown in the Web UI and used by the temporal CLI. */
  String TYPE = "TicketWorkflow";

  /**
   * Runs the pipeline. Returns the outcome when every action completed, was already done, or was
   * skipped by its condition; fails with an {@code ApplicationFailure} of type {@link
   * #FAILURE_TYPE} (details: the {@link TicketRunResult}) when an action failed for good.
   */
  @WorkflowMethod(name = TYPE)
  TicketRunResult run(TicketRun run);

  /** Each action's state so far. */
  @QueryMethod(name = "progress")
  TicketProgress progress();

  /** ApplicationFailure type of a run in which at least one action failed. */
  String FAILURE_TYPE = "TicketActionsFailed";
}
