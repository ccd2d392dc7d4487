package org.tqd.worker;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.common.metadata.POJOActivityInterfaceMetadata;
import io.temporal.common.metadata.POJOActivityMethodMetadata;
import io.temporal.worker.WorkflowImplementationOptions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tqd.workflows.activities.ActionActivities;
import org.tqd.workflows.activities.FailureTypes;
import org.tqd.workflows.activities.LedgerActivities;
import org.tqd.workflows.activities.TicketActivities;

/**
 * A test-only shortening of the retry intervals of {@code TicketWorkflow}'s activities ({@code
 * TQD_RETRY_SCALE}): the initial and maximum intervals are multiplied by the scale, while the
 * number of attempts, the backoff coefficient and the failure types that are not retried stay the
 * product's. At 0.05 the 8 attempts of a TDX action are spent in about 13 s instead of about 4
 * minutes, so a test can run an outage longer than an action's retries in seconds. A 429's retry
 * time comes from TDX's reset header, not from these intervals, and is not scaled.
 *
 * <p>Applied with {@link WorkflowImplementationOptions#getActivityOptions()} per activity type,
 * which Temporal merges over the options the workflow passes to its activity stubs; a retry policy
 * given that way replaces the workflow's whole retry policy, so the policy here is complete. Its
 * base values are the workflow's ({@code TicketWorkflowImpl.TDX_ACTIVITY} and {@code
 * LEDGER_ACTIVITY}); {@code RetryScaleTest} compares them with the retry policies the workflow
 * really schedules, so the two cannot drift apart unnoticed. A scale of 1 (the default) registers
 * nothing.
 */
public final class RetryScale {

  /** TDX activities: 2 s initial, ×2, at most 2 min, 8 attempts. */
  static final RetryOptions TDX_RETRY =
      RetryOptions.newBuilder()
          .setInitialInterval(Duration.ofSeconds(2))
          .setBackoffCoefficient(2.0)
          .setMaximumInterval(Duration.ofMinutes(2))
          .setMaximumAttempts(8)
          .setDoNotRetry(FailureTypes.NON_RETRYABLE.toArray(String[]::new))
          .build();

  /** Ledger activities: 1 s initial, ×2, at most 1 min, no attempt limit. */
  static final RetryOptions LEDGER_RETRY =
      RetryOptions.newBuilder()
          .setInitialInterval(Duration.ofSeconds(1))
          .setBackoffCoefficient(2.0)
          .setMaximumInterval(Duration.ofMinutes(1))
          .build();

  /** The shortest interval a scale may give, so that a retry never spins. */
  static final Duration FLOOR = Duration.ofMillis(10);

  private RetryScale() {}

  /**
   * The workflow implementation options that shorten the retry intervals by {@code scale}.
   *
   * @param scale in (0, 1]; 1 gives the product's defaults (no per-type options at all)
   */
  public static WorkflowImplementationOptions workflowOptions(double scale) {
    requireValid(scale);
    if (scale == 1.0) {
      return WorkflowImplementationOptions.getDefaultInstance();
    }
    return WorkflowImplementationOptions.newBuilder()
        .setActivityOptions(activityOptions(scale))
        .build();
  }

  /** The per-activity-type options for {@code scale}: only their retry policy is set. */
  static Map<String, ActivityOptions> activityOptions(double scale) {
    Map<String, ActivityOptions> byType = new LinkedHashMap<>();
    RetryOptions tdx = scaled(TDX_RETRY, scale);
    RetryOptions ledger = scaled(LEDGER_RETRY, scale);
    for (Class<?> tdxInterface : new Class<?>[] {ActionActivities.class, TicketActivities.class}) {
      for (String type : activityTypes(tdxInterface)) {
        byType.put(type, ActivityOptions.newBuilder().setRetryOptions(tdx).build());
      }
    }
    for (String type : activityTypes(LedgerActivities.class)) {
      byType.put(type, ActivityOptions.newBuilder().setRetryOptions(ledger).build());
    }
    return byType;
  }

  /** {@code base} with its initial and maximum intervals multiplied by {@code scale}. */
  static RetryOptions scaled(RetryOptions base, double scale) {
    return RetryOptions.newBuilder(base)
        .setInitialInterval(times(base.getInitialInterval(), scale))
        .setMaximumInterval(times(base.getMaximumInterval(), scale))
        .build();
  }

  static void requireValid(double scale) {
    if (!(scale > 0 && scale <= 1)) {
      throw new IllegalArgumentException(
          "TQD_RETRY_SCALE must be a number greater than 0 and at most 1 (a test setting that"
              + " shortens retry intervals; 1 keeps the defaults), got "
              + scale);
    }
  }

  private static Duration times(Duration d, double scale) {
    Duration scaled = Duration.ofNanos(Math.round(d.toNanos() * scale));
    return scaled.compareTo(FLOOR) < 0 ? FLOOR : scaled;
  }

  private static Iterable<String> activityTypes(Class<?> activityInterface) {
    return POJOActivityInterfaceMetadata.newInstance(activityInterface)
        .getMethodsMetadata()
        .stream()
        .map(POJOActivityMethodMetadata::getActivityTypeName)
        .toList();
  }
}
