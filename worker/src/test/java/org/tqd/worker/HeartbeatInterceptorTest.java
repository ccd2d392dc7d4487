package org.tqd.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The heartbeat interceptor against Temporal's test server: an activity that does not heartbeat
 * itself learns of its cancellation through the interceptor's heartbeats, and its thread is
 * interrupted, so an operator's cancel ends a blocked TDX call or wait at once.
 */
class HeartbeatInterceptorTest {

  @ActivityInterface
  public interface Slow {
    @ActivityMethod(name = "Slow")
    void slow();
  }

  @WorkflowInterface
  public interface Waits {
    @WorkflowMethod(name = "Waits")
    void run();
  }

  public static class WaitsImpl implements Waits {
    private final Slow slow =
        Workflow.newActivityStub(
            Slow.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMinutes(5))
                .setHeartbeatTimeout(Duration.ofSeconds(1))
                .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                .build());

    @Override
    public void run() {
      slow.slow();
    }
  }

  static final CountDownLatch STARTED = new CountDownLatch(1);
  static final CountDownLatch ENDED = new CountDownLatch(1);
  static final AtomicBoolean INTERRUPTED = new AtomicBoolean();

  static final class SlowImpl implements Slow {
    @Override
    public void slow() {
      STARTED.countDown();
      try {
        Thread.sleep(120_000);
      } catch (InterruptedException e) {
        INTERRUPTED.set(true);
        throw new IllegalStateException("interrupted", e);
      } finally {
        ENDED.countDown();
      }
    }
  }

  @Test
  void aCancelledActivityIsInterruptedAndEndsAsCancelled() throws Exception {
    try (HeartbeatInterceptor heartbeats = new HeartbeatInterceptor();
        TestWorkflowEnvironment env =
            TestWorkflowEnvironment.newInstance(
                TestEnvironmentOptions.newBuilder()
                    .setUseTimeskipping(false)
                    .setWorkerFactoryOptions(
                        WorkerFactoryOptions.newBuilder().setWorkerInterceptors(heartbeats).build())
                    .build())) {
      Worker worker = env.newWorker("q");
      worker.registerWorkflowImplementationTypes(WaitsImpl.class);
      worker.registerActivitiesImplementations(new SlowImpl());
      env.start();
      Waits wf =
          env.getWorkflowClient()
              .newWorkflowStub(Waits.class, WorkflowOptions.newBuilder().setTaskQueue("q").build());
      WorkflowClient.start(wf::run);
      assertThat(STARTED.await(30, TimeUnit.SECONDS)).isTrue();

      long t0 = System.nanoTime();
      WorkflowStub.fromTyped(wf).cancel();

      assertThat(ENDED.await(20, TimeUnit.SECONDS)).isTrue();
      assertThat(INTERRUPTED).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
      assertThatThrownBy(() -> WorkflowStub.fromTyped(wf).getResult(Void.class))
          .isInstanceOf(WorkflowFailedException.class)
          .hasCauseInstanceOf(io.temporal.failure.CanceledFailure.class);
      // The interrupt did not outlive the activity.
      assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }
  }
}
