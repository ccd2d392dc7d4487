package org.tqd.worker;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** One WARN line per failed activity attempt, naming the ticket; the trace only at DEBUG. */
class FailedAttemptLogInterceptorTest {

  private static final String QUEUE = "failing";

  private TestWorkflowEnvironment env;
  private final ListAppender<ILoggingEvent> events = new ListAppender<>();
  private Logger logger;

  @BeforeEach
  void start() {
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder()
                .setWorkerFactoryOptions(
                    WorkerFactoryOptions.newBuilder()
                        .setWorkerInterceptors(new FailedAttemptLogInterceptor())
                        .build())
                .build());
    Worker worker = env.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(Flaky.class);
    worker.registerActivitiesImplementations(new FailsTwice());
    env.start();
    logger = (Logger) LoggerFactory.getLogger("org.tqd.worker.FailedAttempt");
    logger.setLevel(Level.DEBUG);
    events.start();
    logger.addAppender(events);
  }

  @AfterEach
  void stop() {
    logger.detachAppender(events);
    logger.setLevel(null);
    env.close();
  }

  @Test
  void logsOneLineWithTheTicketPerFailedAttemptAndTheTraceOnlyAtDebug() {
    FlakyWorkflow wf =
        env.getWorkflowClient()
            .newWorkflowStub(
                FlakyWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setTaskQueue(QUEUE)
                    .setWorkflowId("tqd:4242:abc")
                    .build());

    assertThat(wf.run()).isEqualTo("ok after 3 attempts");

    List<ILoggingEvent> warnings =
        events.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
    assertThat(warnings).hasSize(2);
    for (int i = 0; i < 2; i++) {
      ILoggingEvent w = warnings.get(i);
      assertThat(w.getFormattedMessage())
          .isEqualTo(
              "Ticket 4242 Touch: attempt "
                  + (i + 1)
                  + " failed - the database is down (try "
                  + (i + 1)
                  + ")");
      assertThat(w.getThrowableProxy()).as("no trace at WARN").isNull();
      assertThat(w.getMDCPropertyMap()).containsEntry("TicketId", "4242");
    }
    List<ILoggingEvent> debug =
        events.list.stream().filter(e -> e.getLevel() == Level.DEBUG).toList();
    assertThat(debug).hasSize(2).allSatisfy(e -> assertThat(e.getThrowableProxy()).isNotNull());
  }

  @Test
  void readsTheTicketFromWorkflowIds() {
    assertThat(FailedAttemptLogInterceptor.ticketOf("tqd:17:0123456789ab")).isEqualTo("17");
    assertThat(FailedAttemptLogInterceptor.ticketOf("tqd-dry:17:0123456789ab")).isEqualTo("17");
    assertThat(FailedAttemptLogInterceptor.ticketOf("undo-17")).isNull();
    assertThat(FailedAttemptLogInterceptor.ticketOf("tqd:x:y")).isNull();
    assertThat(FailedAttemptLogInterceptor.ticketOf(null)).isNull();
  }

  @ActivityInterface
  public interface Touch {
    String touch();
  }

  static final class FailsTwice implements Touch {
    private final AtomicInteger calls = new AtomicInteger();

    @Override
    public String touch() {
      int n = calls.incrementAndGet();
      if (n < 3) {
        throw new IllegalStateException("the database is down\n(try " + n + ")");
      }
      return "ok after " + n + " attempts";
    }
  }

  @WorkflowInterface
  public interface FlakyWorkflow {
    @WorkflowMethod
    String run();
  }

  public static final class Flaky implements FlakyWorkflow {
    private final Touch touch =
        Workflow.newActivityStub(
            Touch.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(10))
                .setRetryOptions(
                    RetryOptions.newBuilder()
                        .setInitialInterval(Duration.ofMillis(10))
                        .setMaximumAttempts(5)
                        .build())
                .build());

    @Override
    public String run() {
      return touch.touch();
    }
  }
}
