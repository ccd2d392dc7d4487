package org.tqd.workflows.undo;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/** The activities of {@link UndoWorkflow}, on the TDX task queue. */
@ActivityInterface(namePrefix = "Undo")
public interface UndoActivities {

  /**
   * The ticket's ledger rows to consider, newest first: all of them, or the one named.
   *
   * @param actionId one action, or null for all
   */
  @ActivityMethod(name = "Targets")
  List<Target> targets(int ticketId, String actionId);

  /**
   * Undoes one action: claims its undo in the ledger, applies its inverses newest effect first,
   * each only after checking TDX (an inverse already applied is not applied again; one whose value
   * a person changed is left and reported as a conflict), and records the outcome.
   */
  @ActivityMethod(name = "Action")
  UndoResult.Step undoAction(UndoRequest request, String actionId, String undoWorkflowId);

  /**
   * One ledger row.
   *
   * @param status its ledger status
   * @param hasInverse whether it recorded {@code metadata.inverse}
   */
  record Target(String actionId, String type, String status, boolean hasInverse) {}
}
