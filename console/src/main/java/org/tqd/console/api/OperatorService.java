package org.tqd.console.api;

import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.tqd.activities.ledger.ActionLedger;
import org.tqd.activities.ledger.ActionState;
import org.tqd.activities.ledger.QueueOverview;
import org.tqd.starter.TicketSearchAttributes;
import org.tqd.workflows.TicketRun;
import org.tqd.workflows.TicketRunResult;
import org.tqd.workflows.TicketWorkflow;
import org.tqd.workflows.activities.ActionResult;
import org.tqd.workflows.activities.TaskQueues;
import org.tqd.workflows.pipeline.PipelineDefinition;
import org.tqd.workflows.undo.UndoRequest;
import org.tqd.workflows.undo.UndoResult;
import org.tqd.workflows.undo.UndoWorkflow;

/**
 * What the operator API does, on Temporal and the ledger. Every write to TDX is a workflow: a plan
 * is a dry-run {@link TicketWorkflow} run, run and retry start the ticket's workflow, cancel
 * cancels it, undo starts an {@link UndoWorkflow}. The ledger is only read here, but for the resets
 * that {@code tqd retry} makes (fresh allowance of runs) and the redo of rolled-back actions.
 */
public final class OperatorService {

  private final java.util.function.Supplier<WorkflowClient> clients;
  private final ActionLedger ledger;
  private final QueueOverview queues;
  private final Map<String, PipelineDefinition> pipelines;
  private final Links links;
  private final PauseControl pauses;

  /**
   * @param pipelines the pipelines this console acts on, the first one the default
   * @param pauses the kill switch, or null when it is not available
   */
  public OperatorService(
      WorkflowClient client,
      ActionLedger ledger,
      QueueOverview queues,
      List<PipelineDefinition> pipelines,
      Links links,
      PauseControl pauses) {
    this(() -> client, ledger, queues, pipelines, links, pauses);
    Objects.requireNonNull(client, "client");
  }

  /**
   * As the other constructor, connecting to Temporal only when a workflow is started or cancelled
   * (reads need only the ledger).
   */
  public OperatorService(
      java.util.function.Supplier<WorkflowClient> clients,
      ActionLedger ledger,
      QueueOverview queues,
      List<PipelineDefinition> pipelines,
      Links links,
      PauseControl pauses) {
    this.clients = Objects.requireNonNull(clients, "clients");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.queues = Objects.requireNonNull(queues, "queues");
    if (pipelines.isEmpty()) {
      throw new IllegalArgumentException("at least one pipeline is needed");
    }
    Map<String, PipelineDefinition> byId = new LinkedHashMap<>();
    pipelines.forEach(p -> byId.put(p.pipeline().pipelineId(), p));
    this.pipelines = byId;
    this.links = links == null ? new Links(null, null, 0, "default") : links;
    this.pauses = pauses;
  }

  /**
   * Where the API's answers link to.
   *
   * @param tdxBaseUrl {@code TDX_BASE_URL} (its web pages are derived from it), or null
   * @param temporalUiUrl the Temporal Web UI, or null
   * @param ticketAppId the ticketing application
   * @param namespace the Temporal namespace
   */
  public record Links(String tdxBaseUrl, String temporalUiUrl, int ticketAppId, String namespace) {

    String ticket(int ticketId) {
      if (tdxBaseUrl == null) {
        return null;
      }
      String root = tdxBaseUrl.replaceFirst("/(SB)?TDWebApi/api/?$", "");
      return root + "/TDNext/Apps/" + ticketAppId + "/Tickets/TicketDet?TicketID=" + ticketId;
    }

    String run(String workflowId, String runId) {
      if (temporalUiUrl == null || workflowId == null) {
        return null;
      }
      String base = temporalUiUrl.replaceAll("/+$", "");
      return base
          + "/namespaces/"
          + namespace
          + "/workflows/"
          + java.net.URLEncoder.encode(workflowId, java.nio.charset.StandardCharsets.UTF_8)
          + (runId == null ? "" : "/" + runId);
    }
  }

  /**
   * The kill switch ({@code PauseSwitch}): pauses and resumes a pipeline, by its name, or all of
   * them (null).
   */
  public interface PauseControl {
    /** Whether the pipeline of this name (null: an unnamed one) is paused, by name or globally. */
    boolean isPaused(String pipelineNameOrNull);

    void pause(String pipelineNameOrNull, String actor, String reason);

    void resume(String pipelineNameOrNull, String actor, String reason);
  }

  /** The pipeline of this name or ID, or the first one. */
  public PipelineDefinition pipeline(String nameOrId) {
    if (nameOrId == null || nameOrId.isBlank()) {
      return pipelines.values().iterator().next();
    }
    String wanted = nameOrId.strip();
    PipelineDefinition def = pipelines.get(wanted);
    if (def == null) {
      def =
          pipelines.values().stream().filter(p -> wanted.equals(p.name())).findFirst().orElse(null);
    }
    if (def == null) {
      throw ApiException.invalid(
          "unknown pipeline '" + nameOrId + "'; this console serves " + served());
    }
    return def;
  }

  private List<String> served() {
    return pipelines.values().stream().map(OperatorService::label).toList();
  }

  /** A pipeline's name, or its ID when it has none. */
  static String label(PipelineDefinition def) {
    return def.name() != null ? def.name() : def.pipeline().pipelineId();
  }

  /** {@code GET /api/v1/queues}. */
  public Map<String, Object> queues() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (PipelineDefinition def : pipelines.values()) {
      String id = def.pipeline().pipelineId();
      QueueOverview.Counts c = queues.counts(id, def.maxRunsBeforePark());
      QueueOverview.PollStatus poll = queues.pollStatus(id).orElse(null);
      Map<String, Object> q = new LinkedHashMap<>();
      q.put("pipeline", label(def));
      q.put("pipeline_id", id);
      q.put("enabled", def.enabled());
      q.put(
          "report_id", poll != null && poll.reportId() != null ? poll.reportId() : def.reportId());
      q.put("tickets_in_report", poll == null ? null : poll.ticketsInReport());
      q.put("tickets", c.tickets());
      q.put("done", c.done());
      q.put("running", c.running());
      q.put("failed", c.failed());
      q.put("parked", c.parked());
      q.put("not_applicable", c.notApplicable());
      q.put("rolled_back", c.rolledBack());
      q.put(
          "last_poll",
          poll == null || poll.lastPollAt() == null ? null : poll.lastPollAt().toString());
      q.put(
          "next_poll",
          poll == null || poll.nextPollAt() == null ? null : poll.nextPollAt().toString());
      q.put("last_poll_error", poll == null ? null : poll.lastError());
      q.put("paused", pauses != null && pauses.isPaused(def.name()));
      q.put("max_runs_before_park", def.maxRunsBeforePark());
      out.add(q);
    }
    return Map.of("queues", out);
  }

  /** {@code GET /api/v1/tickets/{id}}: the ticket's timeline from the ledger. */
  public Map<String, Object> ticket(int ticketId) {
    List<ActionState> rows = new ArrayList<>(ledger.history(ticketId));
    // oldest first: a timeline
    java.util.Collections.reverse(rows);
    List<Map<String, Object>> actions = new ArrayList<>();
    for (ActionState r : rows) {
      actions.add(timelineEntry(r));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("ticket_id", ticketId);
    // Title and status as the local ticket index last saw them (null when it holds no copy); the
    // page shows them as text.
    QueueOverview.IndexedTicket seen = queues.indexedTicket(ticketId).orElse(null);
    out.put("title", seen == null ? null : seen.title());
    out.put("status_id", seen == null ? null : seen.statusId());
    out.put("status_name", seen == null ? null : seen.statusName());
    out.put("tdx_url", links.ticket(ticketId));
    List<Map<String, Object>> runs = new ArrayList<>();
    for (PipelineDefinition def : pipelines.values()) {
      String wf = TicketRun.workflowId(ticketId, def.pipeline().pipelineId(), false);
      Map<String, Object> run = new LinkedHashMap<>();
      run.put("pipeline", label(def));
      run.put("workflow_id", wf);
      run.put("url", links.run(wf, null));
      runs.add(run);
    }
    out.put("workflows", runs);
    out.put("actions", actions);
    return out;
  }

  private Map<String, Object> timelineEntry(ActionState r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("action_id", r.actionId());
    m.put("action_type", r.actionType());
    m.put("state", r.status().dbValue());
    m.put("attempts", r.attempt());
    Map<String, Object> meta = r.metadata();
    m.put("plan", meta.get("pending"));
    m.put("summary", r.summary());
    m.put("message", meta.get("message"));
    m.put("details", meta.get("details"));
    m.put("inverse", meta.get("inverse"));
    m.put("undo", meta.get("undo"));
    m.put("generation", meta.getOrDefault("generation", 1));
    m.put("error", r.errorMessage());
    m.put("reference", r.reference());
    m.put("pipeline", r.pipelineId());
    m.put("report_id", r.reportId());
    m.put("workflow_id", r.workflowId());
    m.put("run_id", r.runId());
    m.put("run_url", links.run(r.workflowId(), r.runId()));
    m.put("started_at", text(r.startedAt()));
    m.put("completed_at", text(r.completedAt()));
    m.put("executed_at", text(r.executedAt()));
    return m;
  }

  private static String text(Object o) {
    return o == null ? null : o.toString();
  }

  /** A workflow this service started. */
  public record Started(
      String workflowId, String runId, CompletableFuture<Map<String, Object>> outcome) {}

  /** {@code POST …/plan}: a dry run, waited for. */
  public Map<String, Object> plan(int ticketId, String pipelineId, Duration wait) {
    PipelineDefinition def = pipeline(pipelineId);
    Started s = startTicket(ticketId, def, true, "plan");
    Map<String, Object> out = await(s, wait);
    if (out == null) {
      throw new ApiException(
          504,
          "TIMEOUT",
          "the plan of ticket " + ticketId + " took longer than " + wait.toSeconds() + " s");
    }
    return out;
  }

  /** {@code POST …/run} and {@code …/retry}: resets as {@code tqd retry} for a retry. */
  public Started run(int ticketId, String pipelineId, boolean retry) {
    PipelineDefinition def = pipeline(pipelineId);
    if (retry) {
      ledger.retry(ticketId);
    }
    ledger.redoRolledBack(ticketId);
    return startTicket(ticketId, def, false, retry ? "retry" : "run");
  }

  /** {@code POST …/cancel}: cancels the ticket's running workflow. */
  public Map<String, Object> cancel(int ticketId, String pipelineId) {
    PipelineDefinition def = pipeline(pipelineId);
    String wf = TicketRun.workflowId(ticketId, def.pipeline().pipelineId(), false);
    WorkflowStub stub = clients.get().newUntypedWorkflowStub(wf);
    try {
      stub.cancel();
    } catch (WorkflowNotFoundException e) {
      throw ApiException.conflict("no running workflow " + wf + " (already finished?)");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("workflow_id", wf);
    out.put("cancellation_requested", true);
    return out;
  }

  /** {@code POST …/undo}: starts the undo workflow. */
  public Started undo(int ticketId, String actionId, long auditId, String actor, String reason) {
    if (actionId != null && ledger.loadStates(ticketId, List.of(actionId)).isEmpty()) {
      throw ApiException.notFound(
          "ticket " + ticketId + " has no action " + actionId + " in the ledger");
    }
    for (PipelineDefinition def : pipelines.values()) {
      String running = TicketRun.workflowId(ticketId, def.pipeline().pipelineId(), false);
      if (isRunning(running)) {
        throw ApiException.conflict(
            running + " is running: wait for it or cancel it before undoing the ticket");
      }
    }
    String wf = UndoWorkflow.workflowId(ticketId, auditId);
    UndoWorkflow stub =
        clients
            .get()
            .newWorkflowStub(
                UndoWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(wf)
                    .setTaskQueue(TaskQueues.TICKETS)
                    .setStaticSummary("Undo on ticket " + ticketId)
                    .build());
    var exec =
        WorkflowClient.start(
            stub::undo, new UndoRequest(ticketId, actionId, auditId, actor, reason));
    CompletableFuture<Map<String, Object>> outcome =
        WorkflowStub.fromTyped(stub)
            .getResultAsync(UndoResult.class)
            .thenApply(OperatorService::undoJson);
    return new Started(wf, exec.getRunId(), outcome);
  }

  private boolean isRunning(String workflowId) {
    try {
      return clients.get().newUntypedWorkflowStub(workflowId).describe().getStatus()
          == io.temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
    } catch (WorkflowNotFoundException e) {
      return false;
    } catch (io.grpc.StatusRuntimeException e) {
      if (e.getStatus().getCode() == io.grpc.Status.Code.NOT_FOUND) {
        return false;
      }
      throw e;
    }
  }

  /** {@code POST /api/v1/pause} and {@code resume}. */
  public Map<String, Object> pause(boolean pause, String pipelineId, String actor, String reason) {
    if (pauses == null) {
      throw new ApiException(503, "UNAVAILABLE", "the kill switch is not available in this build");
    }
    // The kill switch is keyed by pipeline name, as starters and workers read it; the pipeline of
    // a single-pipeline file has no name, so pausing it is pausing everything.
    PipelineDefinition def =
        pipelineId == null || pipelineId.isBlank() ? null : pipeline(pipelineId);
    String name = def == null ? null : def.name();
    if (pause) {
      pauses.pause(name, actor, reason);
    } else {
      pauses.resume(name, actor, reason);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("pipeline", name);
    out.put("pipeline_id", def == null ? null : def.pipeline().pipelineId());
    out.put("scope", name == null ? "global" : "pipeline");
    out.put("paused", pause);
    return out;
  }

  static Map<String, Object> undoJson(UndoResult r) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("ticket_id", r.ticketId());
    out.put("rolled_back", r.count(UndoResult.ROLLED_BACK));
    out.put("conflicts", r.count(UndoResult.CONFLICT));
    List<Map<String, Object>> actions = new ArrayList<>();
    for (UndoResult.Step s : r.actions()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("action_id", s.actionId());
      m.put("type", s.type());
      m.put("outcome", s.outcome());
      m.put("message", s.message());
      m.put("effects", s.effects());
      actions.add(m);
    }
    out.put("actions", actions);
    return out;
  }

  private Started startTicket(int ticketId, PipelineDefinition def, boolean dryRun, String why) {
    int report = def.reportId() == null ? 0 : def.reportId();
    TicketRun run =
        new TicketRun(ticketId, report, null, def.pipeline(), dryRun, def.maxRunsBeforePark());
    TicketWorkflow wf =
        clients
            .get()
            .newWorkflowStub(
                TicketWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(run.workflowId())
                    .setTaskQueue(TaskQueues.TICKETS)
                    .setWorkflowIdReusePolicy(
                        WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                    .setTypedSearchAttributes(
                        TicketSearchAttributes.of(ticketId, report, def.pipeline().pipelineId()))
                    .setStaticSummary("Ticket " + ticketId + " (" + why + " from the console)")
                    .build());
    io.temporal.api.common.v1.WorkflowExecution exec;
    try {
      exec = WorkflowClient.start(wf::run, run);
    } catch (WorkflowExecutionAlreadyStarted e) {
      throw ApiException.conflict(
          run.workflowId() + " is already running; wait for it or cancel it first");
    }
    CompletableFuture<Map<String, Object>> outcome =
        WorkflowStub.fromTyped(wf)
            .getResultAsync(TicketRunResult.class)
            .handle(
                (result, error) -> {
                  if (error == null) {
                    return runJson(result, true);
                  }
                  Throwable e =
                      error instanceof java.util.concurrent.CompletionException
                          ? error.getCause()
                          : error;
                  if (e instanceof WorkflowFailedException f
                      && f.getCause() instanceof ApplicationFailure app
                      && TicketWorkflow.FAILURE_TYPE.equals(app.getType())) {
                    Map<String, Object> out =
                        runJson(app.getDetails().get(TicketRunResult.class), false);
                    out.put("error", app.getOriginalMessage());
                    return out;
                  }
                  throw new java.util.concurrent.CompletionException(e);
                });
    return new Started(run.workflowId(), exec.getRunId(), outcome);
  }

  static Map<String, Object> runJson(TicketRunResult r, boolean succeeded) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("ticket_id", r.ticketId());
    out.put("pipeline", r.pipelineId());
    out.put("dry_run", r.dryRun());
    out.put("succeeded", succeeded);
    List<Map<String, Object>> actions = new ArrayList<>();
    for (ActionResult a : r.results()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("action_id", a.actionId());
      m.put("type", a.type());
      m.put("outcome", a.outcome().name().toLowerCase(java.util.Locale.ROOT));
      m.put("message", a.message());
      m.put("summary", a.summary());
      m.put("writes", a.plannedWrites());
      m.put("assets_added", a.assetsAdded());
      m.put("details", a.details());
      actions.add(m);
    }
    out.put("actions", actions);
    return out;
  }

  /**
   * The outcome, if it arrives within {@code wait}; null if not yet.
   *
   * @throws RuntimeException what the workflow failed with
   */
  static Map<String, Object> await(Started s, Duration wait) {
    try {
      return s.outcome().get(Math.max(0, wait.toMillis()), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof java.util.concurrent.CompletionException && c.getCause() != null) {
        c = c.getCause();
      }
      throw c instanceof RuntimeException r ? r : new IllegalStateException(c);
    }
  }
}
