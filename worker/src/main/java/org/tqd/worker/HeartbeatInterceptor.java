package org.tqd.worker;

import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCanceledException;
import io.temporal.client.ActivityCompletionException;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Heartbeats for every activity that has a heartbeat timeout, while it runs, so that Temporal
 * notices within that timeout when the worker running it dies, and gives the activity to another
 * worker, instead of waiting for its much longer start-to-close timeout. The activities themselves
 * do not heartbeat: a TDX action is a few short calls, but it may wait for a rate-limit window or
 * for the asset index's first sync.
 *
 * <p>The first heartbeat is sent one third of the timeout after the activity starts, so the many
 * activities that finish sooner cost no heartbeat at all. The SDK throttles further heartbeats.
 */
final class HeartbeatInterceptor extends WorkerInterceptorBase implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(HeartbeatInterceptor.class);
  private static final Duration MIN_PERIOD = Duration.ofMillis(100);

  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "tqd-activity-heartbeats");
            t.setDaemon(true);
            return t;
          });

  @Override
  public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
    return new ActivityInboundCallsInterceptorBase(next) {
      private ActivityExecutionContext context;

      @Override
      public void init(ActivityExecutionContext context) {
        this.context = context;
        super.init(context);
      }

      @Override
      public ActivityOutput execute(ActivityInput input) {
        Duration timeout = context.getInfo().getHeartbeatTimeout();
        if (timeout == null || timeout.isZero() || timeout.isNegative()) {
          return super.execute(input);
        }
        long period = Math.max(timeout.toMillis() / 3, MIN_PERIOD.toMillis());
        Running running = new Running(context, Thread.currentThread());
        ScheduledFuture<?> beats =
            scheduler.scheduleAtFixedRate(
                running::heartbeat, period, period, TimeUnit.MILLISECONDS);
        try {
          return super.execute(input);
        } catch (RuntimeException e) {
          ActivityCompletionException cancelled = running.cancellation();
          throw cancelled != null ? cancelled : e;
        } finally {
          beats.cancel(false);
          running.finish();
        }
      }
    };
  }

  /**
   * One running activity and its thread. A heartbeat that learns the activity was cancelled (an
   * operator cancelled the run) interrupts the thread, so a TDX call or a rate-limit wait ends at
   * once, and the activity ends as cancelled rather than as failed. The interrupt never outlives
   * the activity: it is cleared before the thread goes back to the SDK.
   */
  private static final class Running {
    private final ActivityExecutionContext context;
    private final Thread thread;
    private boolean done;
    private boolean interrupted;
    private ActivityCompletionException cancellation;

    Running(ActivityExecutionContext context, Thread thread) {
      this.context = context;
      this.thread = thread;
    }

    void heartbeat() {
      try {
        context.heartbeat(null);
      } catch (ActivityCanceledException e) {
        synchronized (this) {
          if (!done && cancellation == null) {
            cancellation = e;
            interrupted = true;
            thread.interrupt();
            log.info(
                "activity {} ({}) cancelled: interrupting it",
                context.getInfo().getActivityId(),
                context.getInfo().getActivityType());
          }
        }
      } catch (ActivityCompletionException e) {
        // Timed out, or the worker is shutting down: the activity's own result decides.
        log.debug("heartbeat of activity {} refused: {}", context.getInfo().getActivityId(), e);
      } catch (RuntimeException e) {
        log.debug("heartbeat of activity {} failed: {}", context.getInfo().getActivityId(), e);
      }
    }

    synchronized ActivityCompletionException cancellation() {
      return cancellation;
    }

    synchronized void finish() {
      done = true;
      if (interrupted) {
        Thread.interrupted();
      }
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
