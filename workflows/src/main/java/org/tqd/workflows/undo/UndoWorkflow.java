package org.tqd.workflows.undo;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Undoes what tqd's actions did to one ticket (all of its actions, or one): applies the inverses
 * each action recorded in its ledger row ({@code metadata.inverse}), newest action first. Before
 * each inverse it checks that TDX still shows tqd's value; if a person changed it since, the
 * inverse is left out and reported as a conflict. Each action's undo is claimed in its ledger row
 * before anything is written, and each inverse is checked in TDX before it is applied, so a crash
 * or retry at any instant writes nothing twice. Undone rows become {@code rolled_back}.
 */
@WorkflowInterface
public interface UndoWorkflow {

  /** Workflow type name. */
  String TYPE = "UndoWorkflow";

  /** Workflow ID prefix: {@code tqd-undo:{ticket}:{audit id}}. */
  String ID_PREFIX = "tqd-undo:";

  @WorkflowMethod(name = TYPE)
  UndoResult undo(UndoRequest request);

  /** The workflow ID of an undo of a ticket recorded as an audit row. */
  static String workflowId(int ticketId, long auditId) {
    return ID_PREFIX + ticketId + ":" + auditId;
  }
}
