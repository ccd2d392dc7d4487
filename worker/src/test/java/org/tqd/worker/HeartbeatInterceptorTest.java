package org.tqd.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The worker heartbeats for activities that have a heartbeat timeout and do not heartbeat
 * themselves: one that runs three times its heartbeat timeout completes with the interceptor and
 * times out without it. Real time (no time skipping), a few seconds.
 */
class HeartbeatInterceptorTest {

  private static final String QUEUE = "heartbeat-test";
  private TestWorkflowEnvironment env;
  private HeartbeatInterceptor heartbeats;

  @WorkflowInterface
  public interface SlowWorkflow {
    @WorkflowMethod
    String run();
  }

  @ActivityInterface
  public interface Slow {
    String work();
  }

  public static class SlowWorkflowImpl implements SlowWorkflow {
    private final Slow slow =
        Workflow.newActivityStub(
            Slow.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMinutes(1))
                .setHeartbeatTimeout(Duration.ofSeconds(1))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                .build());

    @Override
    public String run() {
      return slow.work();
    }
  }

  static class SlowImpl implements Slow {
    @Override
    public String work() {
      try {
        Thread.sleep(3000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return "done";
    }
  }

  private String runWith(boolean interceptor) {
    WorkerFactoryOptions.Builder factory = WorkerFactoryOptions.newBuilder();
    if (interceptor) {
      heartbeats = new HeartbeatInterceptor();
      factory.setWorkerInterceptors(heartbeats);
    }
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder()
                .setUseTimeskipping(false)
                .setWorkerFactoryOptions(factory.build())
                .build());
    Worker worker = env.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(SlowWorkflowImpl.class);
    worker.registerActivitiesImplementations(new SlowImpl());
    env.start();
    return env.getWorkflowClient()
        .newWorkflowStub(
            SlowWorkflow.class, WorkflowOptions.newBuilder().setTaskQueue(QUEUE).build())
        .run();
  }

  @AfterEach
  void stop() {
    if (heartbeats != null) {
      heartbeats.close();
    }
    env.close();
  }

  @Test
  void keepsALongActivityWithAHeartbeatTimeoutAlive() {
    assertThat(runWith(true)).isEqualTo("done");
  }

  @Test
  void withoutItTheSameActivityTimesOut() {
    WorkflowFailedException e =
        catchThrowableOfType(WorkflowFailedException.class, () -> runWith(false));
    assertThat(e.getCause()).isInstanceOf(ActivityFailure.class);
    assertThat(e.getCause().getCause()).isInstanceOf(TimeoutFailure.class);
  }
}
