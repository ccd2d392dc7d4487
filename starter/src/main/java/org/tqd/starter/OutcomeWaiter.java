package org.tqd.starter;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowTargetOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TerminatedFailure;
import io.temporal.failure.TimeoutFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.tqd.starter.PollResult.TicketStart;
import org.tqd.starter.TicketOutcome.Status;
import org.tqd.workflows.TicketRunResult;
import org.tqd.workflows.TicketWorkflow;
import org.tqd.workflows.activities.ActionResult;
import org.tqd.workflows.activities.ActionResult.Outcome;

/** Waits for ticket runs by workflow and run ID with long polls; no visibility query. */
final class OutcomeWaiter {

  private final WorkflowClient client;

  OutcomeWaiter(WorkflowClient client) {
    this.client = client;
  }

  List<TicketOutcome> await(
      List<TicketStart> runs,
      Duration timeout,
      Consumer<TicketOutcome> onOutcome,
      CompletableFuture<Void> stop) {
    long timeoutMillis = Math.max(1, timeout.toMillis());
    List<Slot> slots = new ArrayList<>();
    for (TicketStart run : runs) {
      Slot slot = new Slot(run, onOutcome);
      slots.add(slot);
      client
          .newUntypedWorkflowStub(
              WorkflowTargetOptions.newBuilder()
                  .setWorkflowId(run.workflowId())
                  .setRunId(run.runId())
                  .build(),
              Optional.of(TicketWorkflow.TYPE))
          .getResultAsync(timeoutMillis, TimeUnit.MILLISECONDS, TicketRunResult.class)
          .handle((result, error) -> outcome(run, result, error, timeout))
          .thenAccept(slot::report);
    }
    CompletableFuture<?> all =
        CompletableFuture.allOf(
            slots.stream().map(s -> s.future).toArray(CompletableFuture[]::new));
    try {
      CompletableFuture.anyOf(all, stop).get(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // reported below as timed out
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    String why =
        stop.isDone()
            ? "still running; the wait was stopped"
            : "still running after " + seconds(timeout);
    List<TicketOutcome> out = new ArrayList<>();
    for (Slot slot : slots) {
      TicketStart run = slot.run;
      slot.report(
          new TicketOutcome(
              run.ticketId(),
              run.title(),
              run.workflowId(),
              run.runId(),
              Status.TIMED_OUT,
              why,
              List.of()));
      out.add(slot.future.join());
    }
    return out;
  }

  /** One run's outcome, reported to the callback exactly once (first report wins). */
  private static final class Slot {
    final TicketStart run;
    final Consumer<TicketOutcome> onOutcome;
    final CompletableFuture<TicketOutcome> future = new CompletableFuture<>();
    final AtomicBoolean reported = new AtomicBoolean();

    Slot(TicketStart run, Consumer<TicketOutcome> onOutcome) {
      this.run = run;
      this.onOutcome = onOutcome;
    }

    void report(TicketOutcome outcome) {
      if (!reported.compareAndSet(false, true)) {
        return;
      }
      // the callback runs before the future completes, so that it has seen every outcome by the
      // time await() returns
      if (onOutcome != null) {
        synchronized (onOutcome) {
          onOutcome.accept(outcome);
        }
      }
      future.complete(outcome);
    }
  }

  static TicketOutcome outcome(
      TicketStart run, TicketRunResult result, Throwable error, Duration timeout) {
    if (error == null) {
      return new TicketOutcome(
          run.ticketId(),
          run.title(),
          run.workflowId(),
          run.runId(),
          Status.SUCCEEDED,
          result.results().isEmpty() ? "no actions" : TicketOutcome.countOutcomes(result.results()),
          result.results());
    }
    Throwable e =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (e instanceof TimeoutException) {
      return new TicketOutcome(
          run.ticketId(),
          run.title(),
          run.workflowId(),
          run.runId(),
          Status.TIMED_OUT,
          "still running after " + seconds(timeout),
          List.of());
    }
    List<ActionResult> actions = List.of();
    String message;
    if (e instanceof WorkflowFailedException failed) {
      Throwable cause = failed.getCause();
      if (cause instanceof ApplicationFailure app
          && TicketWorkflow.FAILURE_TYPE.equals(app.getType())) {
        TicketRunResult details = runResult(app);
        if (details != null) {
          actions = details.results();
          message = firstFailure(details.results()).orElse(app.getOriginalMessage());
        } else {
          message = app.getOriginalMessage();
        }
      } else if (cause instanceof TimeoutFailure) {
        message = "the workflow timed out (workflow execution timeout)";
      } else if (cause instanceof TerminatedFailure terminated) {
        message = "the workflow was terminated: " + terminated.getOriginalMessage();
      } else if (cause instanceof CanceledFailure) {
        message = "the workflow was cancelled";
      } else {
        message = cause == null ? failed.getMessage() : TicketStarter.rootMessage(cause);
      }
    } else {
      message = TicketStarter.rootMessage(e);
    }
    return new TicketOutcome(
        run.ticketId(),
        run.title(),
        run.workflowId(),
        run.runId(),
        Status.FAILED,
        message,
        actions);
  }

  private static TicketRunResult runResult(ApplicationFailure failure) {
    try {
      return failure.getDetails().get(TicketRunResult.class);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** {@code 30 s}, {@code 0.5 s}. */
  static String seconds(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0
        ? ms / 1000 + " s"
        : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
  }

  /** {@code actionId: message} of the first action that failed, was parked, or did not run. */
  static Optional<String> firstFailure(List<ActionResult> results) {
    for (Outcome wanted : List.of(Outcome.FAILED, Outcome.PARKED, Outcome.NOT_RUN)) {
      for (ActionResult r : results) {
        if (r.outcome() == wanted) {
          return Optional.of(r.actionId() + ": " + r.message());
        }
      }
    }
    return Optional.empty();
  }
}
