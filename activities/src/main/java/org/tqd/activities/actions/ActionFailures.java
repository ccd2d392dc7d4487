package org.tqd.activities.actions;

import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.time.Duration;
import org.tqd.tdx.TdxException;
import org.tqd.workflows.activities.FailureTypes;

/**
 * Turns what went wrong into the {@code ApplicationFailure}s the workflow understands (type names
 * in {@link FailureTypes}). Messages name the ticket, the action, what TDX said and what happens
 * next; they never contain credentials (TDX exceptions carry none).
 */
public final class ActionFailures {

  /** TDX asks for at least this much beyond the rate-limit reset. */
  static final Duration RATE_LIMIT_MARGIN = Duration.ofSeconds(5);

  private ActionFailures() {}

  /**
   * The failure for a TDX error: 4xx other than 408/429 are not retried; a 429 is retried after its
   * reset time plus 5 s (at least 5 s from now); 5xx, 408 and transport errors are retried.
   */
  public static ApplicationFailure fromTdx(
      int ticketId, String actionId, TdxException e, Clock clock) {
    String what = "Ticket " + ticketId + ", action " + actionId + ": " + e.getMessage();
    if (e instanceof TdxException.RateLimited rl) {
      Duration wait = Duration.between(clock.instant(), rl.resetAt()).plus(RATE_LIMIT_MARGIN);
      if (wait.compareTo(RATE_LIMIT_MARGIN) < 0) {
        wait = RATE_LIMIT_MARGIN;
      }
      return ApplicationFailure.newBuilder()
          .setType(FailureTypes.RATE_LIMITED)
          .setMessage(what + "; retrying in " + wait.toSeconds() + " s")
          .setNextRetryDelay(wait)
          .setCause(e)
          .build();
    }
    String type = typeOf(e);
    boolean retryable = e.isRetryable();
    return ApplicationFailure.newBuilder()
        .setType(type)
        .setMessage(what + (retryable ? "; the activity will be retried" : "; not retried"))
        .setNonRetryable(!retryable)
        .setCause(e)
        .build();
  }

  /** The failure for a ledger that cannot be reached: retried, nothing was written to TDX. */
  /** ApplicationFailure type of a statement the ledger refused for its content. Not retried. */
  public static final String LEDGER_REJECTED = "LedgerRejected";

  /**
   * The ledger refused a statement for its content: not an outage, so not retried; the action fails
   * for this run and is parked in time like any other failure.
   */
  public static ApplicationFailure ledgerRejected(
      int ticketId, String actionId, RuntimeException cause) {
    return ApplicationFailure.newBuilder()
        .setType(LEDGER_REJECTED)
        .setMessage("Ticket " + ticketId + ", action " + actionId + ": " + cause.getMessage())
        .setNonRetryable(true)
        .setCause(cause)
        .build();
  }

  public static ApplicationFailure ledgerUnavailable(
      int ticketId, String actionId, RuntimeException cause) {
    return ApplicationFailure.newBuilder()
        .setType(FailureTypes.LEDGER_UNAVAILABLE)
        .setMessage(
            "Ticket "
                + ticketId
                + ", action "
                + actionId
                + ": the ledger could not be reached ("
                + cause.getMessage()
                + "); nothing more was written to TDX and the activity will be retried")
        .setCause(cause)
        .build();
  }

  /** The failure for parameters that cannot work for this ticket: not retried. */
  public static ApplicationFailure invalidAction(int ticketId, String actionId, String problem) {
    return ApplicationFailure.newBuilder()
        .setType(FailureTypes.INVALID_ACTION)
        .setMessage(
            "Ticket "
                + ticketId
                + ", action "
                + actionId
                + ": "
                + problem
                + "; fix the pipeline configuration (not retried)")
        .setNonRetryable(true)
        .build();
  }

  /**
   * A retryable failure for a TDX answer that makes no sense (e.g. an asset link accepted but not
   * visible), typed as a server error.
   */
  public static ApplicationFailure inconsistentTdx(int ticketId, String actionId, String problem) {
    return ApplicationFailure.newBuilder()
        .setType(FailureTypes.SERVER_ERROR)
        .setMessage(
            "Ticket "
                + ticketId
                + ", action "
                + actionId
                + ": "
                + problem
                + "; the activity will be retried")
        .build();
  }

  static String typeOf(TdxException e) {
    if (e instanceof TdxException.BadRequest) {
      return FailureTypes.BAD_REQUEST;
    }
    if (e instanceof TdxException.Unauthorized) {
      return FailureTypes.UNAUTHORIZED;
    }
    if (e instanceof TdxException.Forbidden) {
      return FailureTypes.FORBIDDEN;
    }
    if (e instanceof TdxException.NotFound) {
      return FailureTypes.NOT_FOUND;
    }
    if (e instanceof TdxException.RateLimited) {
      return FailureTypes.RATE_LIMITED;
    }
    if (e instanceof TdxException.Transport) {
      return FailureTypes.TRANSPORT;
    }
    return FailureTypes.SERVER_ERROR;
  }
}
