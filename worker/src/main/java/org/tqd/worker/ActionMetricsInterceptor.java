package org.tqd.worker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import org.slf4j.MDC;
import org.tqd.workflows.activities.ActionRequest;
import org.tqd.workflows.activities.ActionResult;
import org.tqd.workflows.activities.AddAssetStep;

/**
 * Counts action outcomes as {@code tqd_actions_total{type,outcome}} (outcome: {@code executed},
 * {@code succeeded}, {@code failed}, {@code skipped}, {@code planned}) and puts {@code WorkflowId},
 * {@code TicketId} and {@code ActionId} in the logging MDC while an activity runs, so every log
 * line of an action names its ticket.
 */
final class ActionMetricsInterceptor extends WorkerInterceptorBase {

  private final MeterRegistry registry;

  ActionMetricsInterceptor(MeterRegistry registry) {
    this.registry = registry;
  }

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
        Object[] args = input.getArguments();
        ActionRequest request =
            args.length != 1
                ? null
                : args[0] instanceof ActionRequest r
                    ? r
                    : args[0] instanceof AddAssetStep.Attach a ? a.request() : null;
        // The claim and finding steps of add_asset are part of one action: only its attach step,
        // which returns the action's result, is counted.
        String activityType = context.getInfo().getActivityType();
        boolean counted =
            !activityType.equals("AddAssetClaim") && !activityType.startsWith("AddAssetFind");
        MDC.put("WorkflowId", context.getInfo().getWorkflowId());
        if (request != null) {
          MDC.put("TicketId", String.valueOf(request.ticketId()));
          MDC.put("ActionId", request.action().actionId());
        } else if (args.length >= 1 && args[0] instanceof Integer ticketId) {
          MDC.put("TicketId", String.valueOf(ticketId));
        }
        try {
          ActivityOutput output = super.execute(input);
          if (counted && request != null && output.getResult() instanceof ActionResult result) {
            count(request.action().type(), result.outcome());
          }
          return output;
        } catch (RuntimeException e) {
          if (counted && request != null) {
            counter(request.action().type(), "executed").increment();
            counter(request.action().type(), "failed").increment();
          }
          throw e;
        } finally {
          MDC.remove("WorkflowId");
          MDC.remove("TicketId");
          MDC.remove("ActionId");
        }
      }
    };
  }

  private void count(String type, ActionResult.Outcome outcome) {
    switch (outcome) {
      case COMPLETED -> {
        counter(type, "executed").increment();
        counter(type, "succeeded").increment();
      }
      case PLANNED -> counter(type, "planned").increment();
      case FAILED -> {
        counter(type, "executed").increment();
        counter(type, "failed").increment();
      }
      default -> counter(type, "skipped").increment();
    }
  }

  private Counter counter(String type, String outcome) {
    return Counter.builder("tqd_actions")
        .description("Action executions by type and outcome")
        .tag("type", type)
        .tag("outcome", outcome)
        .register(registry);
  }
}
