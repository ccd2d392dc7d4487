package org.tqd.worker;

import io.temporal.activity.ActivityExecutionContext;
import io.temporal.activity.ActivityInfo;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.failure.ApplicationFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.tqd.workflows.TicketRun;
import org.tqd.workflows.activities.ActionRequest;

/**
 * Logs one WARN line for every failed activity attempt, naming the ticket, the action (or
 * activity), the attempt and what went wrong, without a stack trace (that is logged at DEBUG).
 * Temporal's own per-attempt warning, which carries the whole trace, is silenced below DEBUG by the
 * logging configuration, so that a database outage of a minute costs a line per attempt rather than
 * thousands of lines of traces.
 */
final class FailedAttemptLogInterceptor extends WorkerInterceptorBase {

  private static final Logger log = LoggerFactory.getLogger("org.tqd.worker.FailedAttempt");

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
        try {
          return super.execute(input);
        } catch (RuntimeException e) {
          logFailure(context.getInfo(), input.getArguments(), e);
          throw e;
        }
      }
    };
  }

  private static void logFailure(ActivityInfo info, Object[] args, RuntimeException e) {
    ActionRequest request = args.length == 1 && args[0] instanceof ActionRequest r ? r : null;
    String ticket =
        request != null ? String.valueOf(request.ticketId()) : ticketOf(info.getWorkflowId());
    String what =
        request != null ? "action " + request.action().actionId() : info.getActivityType();
    boolean set = ticket != null && MDC.get("TicketId") == null;
    if (set) {
      MDC.put("TicketId", ticket);
    }
    try {
      log.warn(
          "Ticket {} {}: attempt {} failed - {}{}",
          ticket == null ? "?" : ticket,
          what,
          info.getAttempt(),
          message(e),
          e instanceof ApplicationFailure f && f.isNonRetryable() ? " (not retryable)" : "");
      log.debug("failure of {} attempt {}", what, info.getAttempt(), e);
    } finally {
      if (set) {
        MDC.remove("TicketId");
      }
    }
  }

  private static String message(RuntimeException e) {
    String m = e instanceof ApplicationFailure f ? f.getOriginalMessage() : e.getMessage();
    if (m == null || m.isBlank()) {
      return e.getClass().getSimpleName();
    }
    return m.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
  }

  /** The ticket ID in a workflow ID {@code tqd:{ticket}:{pipeline}} (or tqd-dry:), else null. */
  static String ticketOf(String workflowId) {
    if (workflowId == null) {
      return null;
    }
    String rest;
    if (workflowId.startsWith(TicketRun.ID_PREFIX)) {
      rest = workflowId.substring(TicketRun.ID_PREFIX.length());
    } else if (workflowId.startsWith(TicketRun.DRY_RUN_ID_PREFIX)) {
      rest = workflowId.substring(TicketRun.DRY_RUN_ID_PREFIX.length());
    } else {
      return null;
    }
    int colon = rest.indexOf(':');
    String id = colon < 0 ? rest : rest.substring(0, colon);
    return id.matches("[0-9]+") ? id : null;
  }
}
