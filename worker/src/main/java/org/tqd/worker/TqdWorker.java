package org.tqd.worker;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerDeploymentOptions;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tqd.workflows.TicketWorkflowImpl;
import org.tqd.workflows.activities.TaskQueues;
import org.tqd.workflows.undo.UndoWorkflowImpl;

/**
 * The tqd worker: polls the ticket task queue (workflows and ledger activities) and the TDX task
 * queue (actions, paced by TDX's own rate-limit answers; {@code TQD_TDX_RATE_LIMIT} optionally caps
 * the queue across all workers). {@link #close()} stops polling, lets in-flight tasks finish within
 * the grace period, then interrupts what is left.
 *
 * <p>Every failed activity attempt is logged as one WARN line naming the ticket and action ({@link
 * FailedAttemptLogInterceptor}).
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
    this(client, activities, settings, registry, null);
  }

  /**
   * @param deployment Worker Versioning options for both task queues ({@link WorkerVersioning}), or
   *     null to run unversioned
   */
  public TqdWorker(
      WorkflowClient client,
      ActivityImplementations activities,
      WorkerSettings settings,
      MeterRegistry registry,
      WorkerDeploymentOptions deployment) {
    this.settings = settings;
    WorkerFactoryOptions.Builder factoryOptions = WorkerFactoryOptions.newBuilder();
    FailedAttemptLogInterceptor failures = new FailedAttemptLogInterceptor();
    if (registry != null) {
      factoryOptions.setWorkerInterceptors(
          heartbeats, failures, new ActionMetricsInterceptor(registry));
    } else {
      factoryOptions.setWorkerInterceptors(heartbeats, failures);
    }
    factory = WorkerFactory.newInstance(client, factoryOptions.build());

    Worker tickets =
        factory.newWorker(
            TaskQueues.TICKETS,
            versioned(WorkerOptions.newBuilder(), deployment)
                .setMaxConcurrentActivityExecutionSize(settings.ticketConcurrency())
                .setMaxConcurrentWorkflowTaskExecutionSize(settings.ticketConcurrency())
                // Zero: the SDK asks for no sticky execution (see WorkerSettings.stickyTimeout).
                .setStickyQueueScheduleToStartTimeout(settings.stickyTimeout())
                .build());
    tickets.registerWorkflowImplementationTypes(
        RetryScale.workflowOptions(settings.retryScale()),
        TicketWorkflowImpl.class,
        UndoWorkflowImpl.class);
    tickets.registerActivitiesImplementations(activities.ledger());

    WorkerOptions.Builder tdxOptions =
        WorkerOptions.newBuilder().setMaxConcurrentActivityExecutionSize(settings.tdxConcurrency());
    if (settings.hasTdxRateLimit()) {
      // An optional ceiling only: without it TDX's own answers (the client's per-method pacing
      // and 429s) govern the rate, so no fixed number makes tqd slower than TDX allows.
      tdxOptions
          .setMaxTaskQueueActivitiesPerSecond(settings.tdxActivitiesPerSecond())
          // One worker can never need more than the whole queue; this also holds the rate where
          // the server does not enforce it (Temporal's Java test server).
          .setMaxWorkerActivitiesPerSecond(settings.tdxActivitiesPerSecond());
    }
    Worker tdx = factory.newWorker(TaskQueues.TDX, tdxOptions.build());
    tdx.registerActivitiesImplementations(activities.actions(), activities.tickets());
    if (activities.undo() != null) {
      tdx.registerActivitiesImplementations(activities.undo());
    }
  }

  /** Starts polling both task queues. */
  public void start() {
    factory.start();
    running.set(true);
    log.info(
        "worker started: task queues {} and {} (TDX rate {}, namespace {})",
        TaskQueues.TICKETS,
        TaskQueues.TDX,
        settings.hasTdxRateLimit()
            ? "at most " + settings.tdxActivitiesPerSecond() + " activities/s"
            : "as TDX's rate-limit headers allow",
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

  private static WorkerOptions.Builder versioned(
      WorkerOptions.Builder options, WorkerDeploymentOptions deployment) {
    return deployment == null ? options : options.setDeploymentOptions(deployment);
  }

  /**
   * For {@code /health}: running, and Temporal answered within 2 s when last asked (at most every 5
   * s). A worker that cannot reach Temporal polls nothing, so it is DOWN.
   */
  public boolean isHealthy() {
    return isRunning() && temporalReachable();
  }

  private final Object reachLock = new Object();
  private long reachCheckedAt;
  private boolean reachable = true;

  private boolean temporalReachable() {
    synchronized (reachLock) {
      long now = System.nanoTime();
      if (reachCheckedAt != 0 && now - reachCheckedAt < TimeUnit.SECONDS.toNanos(5)) {
        return reachable;
      }
      try {
        factory
            .getWorkflowClient()
            .getWorkflowServiceStubs()
            .blockingStub()
            .withDeadlineAfter(2, TimeUnit.SECONDS)
            .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
        reachable = true;
      } catch (RuntimeException failure) {
        StatusRuntimeException e =
            failure instanceof StatusRuntimeException s
                ? s
                : new StatusRuntimeException(Status.UNAVAILABLE.withCause(failure));
        Status.Code code = e.getStatus().getCode();
        // Only a server that answered, if without this method, counts as reachable.
        reachable = code == Status.Code.UNIMPLEMENTED;
        if (!reachable) {
          log.warn("health: Temporal is unreachable ({})", e.getStatus());
        }
      }
      reachCheckedAt = System.nanoTime();
      return reachable;
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
