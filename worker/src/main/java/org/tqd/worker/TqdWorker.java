package org.tqd.worker;

import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tqd.workflows.TicketWorkflowImpl;
import org.tqd.workflows.activities.TaskQueues;

/**
 * The tqd worker: polls the ticket task queue (workflows and ledger activities) and the TDX task
 * queue (actions; rate-limited by the server across all workers). {@link #close()} stops polling,
 * lets in-flight tasks finish within the grace period, then interrupts what is left.
 *
 * <p>While an activity with a heartbeat timeout runs, the worker heartbeats for it, so that the
 * activities of a worker that dies are given to another within that timeout.
 */
public final class TqdWorker implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TqdWorker.class);

  private final WorkerFactory factory;
  private final WorkerSettings settings;
  private final AtomicBoolean running = new AtomicBoolean();
  private final HeartbeatInterceptor heartbeats = new HeartbeatInterceptor();

  public TqdWorker(
      WorkflowClient client,
      ActivityImplementations activities,
      WorkerSettings settings,
      MeterRegistry registry) {
    this.settings = settings;
    WorkerFactoryOptions.Builder factoryOptions = WorkerFactoryOptions.newBuilder();
    if (registry != null) {
      factoryOptions.setWorkerInterceptors(heartbeats, new ActionMetricsInterceptor(registry));
    } else {
      factoryOptions.setWorkerInterceptors(heartbeats);
    }
    factory = WorkerFactory.newInstance(client, factoryOptions.build());

    Worker tickets =
        factory.newWorker(
            TaskQueues.TICKETS,
            WorkerOptions.newBuilder()
                .setMaxConcurrentActivityExecutionSize(settings.ticketConcurrency())
                .setMaxConcurrentWorkflowTaskExecutionSize(settings.ticketConcurrency())
                // Zero: the SDK asks for no sticky execution (see WorkerSettings.stickyTimeout).
                .setStickyQueueScheduleToStartTimeout(settings.stickyTimeout())
                .build());
    tickets.registerWorkflowImplementationTypes(
        RetryScale.workflowOptions(settings.retryScale()), TicketWorkflowImpl.class);
    tickets.registerActivitiesImplementations(activities.ledger());

    Worker tdx =
        factory.newWorker(
            TaskQueues.TDX,
            WorkerOptions.newBuilder()
                .setMaxConcurrentActivityExecutionSize(settings.tdxConcurrency())
                .setMaxTaskQueueActivitiesPerSecond(settings.tdxActivitiesPerSecond())
                // One worker can never need more than the whole queue; this also holds the rate
                // where the server does not enforce it (Temporal's Java test server).
                .setMaxWorkerActivitiesPerSecond(settings.tdxActivitiesPerSecond())
                .build());
    tdx.registerActivitiesImplementations(activities.actions(), activities.tickets());
  }

  /** Starts polling both task queues. */
  public void start() {
    factory.start();
    running.set(true);
    log.info(
        "worker started: task queues {} and {} (TDX rate {} activities/s, namespace {})",
        TaskQueues.TICKETS,
        TaskQueues.TDX,
        settings.tdxActivitiesPerSecond(),
        factory.getWorkflowClient().getOptions().getNamespace());
    if (settings.retryScale() != 1.0) {
      log.warn(
          "TQD_RETRY_SCALE={}: activity retry intervals shortened (a test setting; leave it unset"
              + " in production)",
          settings.retryScale());
    }
    if (settings.stickyTimeout().isZero()) {
      log.info("sticky execution off (TQD_STICKY_TIMEOUT=0): workflow tasks use the shared queue");
    }
  }

  /** True while polling and not shutting down. */
  public boolean isRunning() {
    return running.get() && !factory.isShutdown();
  }

  /**
   * Stops polling and waits up to the grace period for in-flight workflow and activity tasks; an
   * activity still running after that is interrupted and retried elsewhere by Temporal.
   */
  @Override
  public void close() {
    if (!running.getAndSet(false)) {
      factory.shutdownNow();
      heartbeats.close();
      return;
    }
    log.info(
        "worker stopping: in-flight activities get {} s", settings.shutdownGrace().toSeconds());
    factory.shutdown();
    factory.awaitTermination(settings.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
    if (!factory.isTerminated()) {
      log.warn("worker grace period over: interrupting the activities still running");
      factory.shutdownNow();
      factory.awaitTermination(5, TimeUnit.SECONDS);
    }
    heartbeats.close();
    log.info("worker stopped");
  }
}
