package org.tqd.bench;

import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.util.concurrent.TimeUnit;
import org.tqd.worker.ActivityImplementations;
import org.tqd.worker.WorkerSettings;
import org.tqd.workflows.TicketWorkflowImpl;
import org.tqd.workflows.activities.TaskQueues;

/**
 * The worker of {@link org.tqd.worker.TqdWorker} (same task queues, registrations and concurrency)
 * with the TDX task queue's rate also enforced by the worker itself.
 *
 * <p>{@code TqdWorker} asks the Temporal server to limit the TDX queue ({@code
 * maxTaskQueueActivitiesPerSecond}). Temporal's Java test server, which the benchmarks run on,
 * ignores that setting, so on it {@code TQD_TDX_RATE_LIMIT} has no effect at all. With one worker,
 * the SDK's per-worker limit ({@code maxWorkerActivitiesPerSecond}) at the same value is what the
 * server-side limit would do, so the benchmarks use it to measure the setting.
 */
final class RateEmulatingWorker implements AutoCloseable {

  private final WorkerFactory factory;

  private RateEmulatingWorker(WorkerFactory factory) {
    this.factory = factory;
  }

  static RateEmulatingWorker start(
      WorkflowClient client,
      ActivityImplementations activities,
      WorkerSettings settings,
      double tdxActivitiesPerSecond) {
    WorkerFactory factory = WorkerFactory.newInstance(client);
    Worker tickets =
        factory.newWorker(
            TaskQueues.TICKETS,
            WorkerOptions.newBuilder()
                .setMaxConcurrentActivityExecutionSize(settings.ticketConcurrency())
                .setMaxConcurrentWorkflowTaskExecutionSize(settings.ticketConcurrency())
                .build());
    tickets.registerWorkflowImplementationTypes(TicketWorkflowImpl.class);
    tickets.registerActivitiesImplementations(activities.ledger());
    Worker tdx =
        factory.newWorker(
            TaskQueues.TDX,
            WorkerOptions.newBuilder()
                .setMaxConcurrentActivityExecutionSize(settings.tdxConcurrency())
                .setMaxTaskQueueActivitiesPerSecond(tdxActivitiesPerSecond)
                .setMaxWorkerActivitiesPerSecond(tdxActivitiesPerSecond)
                .build());
    tdx.registerActivitiesImplementations(activities.actions(), activities.tickets());
    factory.start();
    return new RateEmulatingWorker(factory);
  }

  @Override
  public void close() {
    factory.shutdown();
    factory.awaitTermination(30, TimeUnit.SECONDS);
    if (!factory.isTerminated()) {
      factory.shutdownNow();
    }
  }
}
