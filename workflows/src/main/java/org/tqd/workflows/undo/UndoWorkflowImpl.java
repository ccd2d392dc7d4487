package org.tqd.workflows.undo;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.tqd.workflows.activities.FailureTypes;
import org.tqd.workflows.activities.TaskQueues;

/** See {@link UndoWorkflow}. */
public class UndoWorkflowImpl implements UndoWorkflow {

  static final ActivityOptions OPTIONS =
      ActivityOptions.newBuilder()
          .setTaskQueue(TaskQueues.TDX)
          .setStartToCloseTimeout(Duration.ofMinutes(5))
          .setHeartbeatTimeout(Duration.ofSeconds(30))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(2))
                  .setBackoffCoefficient(2.0)
                  .setMaximumInterval(Duration.ofMinutes(2))
                  .setMaximumAttempts(8)
                  .setDoNotRetry(FailureTypes.NON_RETRYABLE.toArray(String[]::new))
                  .build())
          .build();

  private final UndoActivities activities = Workflow.newActivityStub(UndoActivities.class, OPTIONS);

  @Override
  public UndoResult undo(UndoRequest request) {
    String workflowId = Workflow.getInfo().getWorkflowId();
    List<UndoActivities.Target> targets =
        activities.targets(request.ticketId(), request.actionId());
    List<UndoResult.Step> steps = new ArrayList<>();
    for (UndoActivities.Target t : targets) {
      if ("rolled_back".equals(t.status())) {
        steps.add(
            new UndoResult.Step(
                t.actionId(),
                t.type(),
                UndoResult.ALREADY_ROLLED_BACK,
                "already rolled back",
                List.of()));
      } else if (!"completed".equals(t.status())) {
        steps.add(
            new UndoResult.Step(
                t.actionId(),
                t.type(),
                UndoResult.NOT_DONE,
                "nothing to undo: the action is " + t.status(),
                List.of()));
      } else if (!t.hasInverse()) {
        steps.add(
            new UndoResult.Step(
                t.actionId(), t.type(), UndoResult.NO_INVERSE, "no inverse recorded", List.of()));
      } else {
        steps.add(activities.undoAction(request, t.actionId(), workflowId));
      }
    }
    return new UndoResult(request.ticketId(), steps);
  }
}
