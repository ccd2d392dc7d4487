package org.tqd.console.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tqd.activities.ledger.AuditLog;
import org.tqd.console.ConsoleRoutes;
import org.tqd.console.auth.AuthException;
import org.tqd.console.auth.Caller;
import org.tqd.console.auth.CallerResolver;
import org.tqd.console.auth.Role.Permissions;

/**
 * The operator API under {@code /api/v1/}: reads (queues, a ticket's timeline, the audit log) for
 * the {@code read} permission; plan, run, retry, cancel, undo, pause and resume each for its {@code
 * actions:…} permission. A write takes {@code {"reason":"…","action_id":"…"?,"pipeline":"…"?,
 * "wait_seconds":N?}}; {@code reason} is required. Each write is recorded in the audit log before
 * it is executed ({@code pending}, then {@code in_progress}) and again with its outcome ({@code
 * completed} or {@code failed}); a workflow that outlasts {@code wait_seconds} (default {@value
 * #DEFAULT_WAIT_SECONDS}) is answered 202 with {@code "status":"in_progress"} and its audit row is
 * completed when it ends. Errors are {@code {"error":{"code":…,"message":…}}}.
 */
public final class OperatorApi implements ConsoleRoutes {

  private static final Logger log = LoggerFactory.getLogger(OperatorApi.class);

  /** How long a write waits for its workflow before answering 202, by default. */
  public static final int DEFAULT_WAIT_SECONDS = 60;

  /** The longest {@code wait_seconds} accepted. */
  public static final int MAX_WAIT_SECONDS = 300;

  static final ObjectMapper JSON =
      new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  private final OperatorService service;
  private final AuditLog audit;
  private final CallerResolver callers;
  private final ApiMetrics metrics;

  public OperatorApi(
      OperatorService service, AuditLog audit, CallerResolver callers, MeterRegistry registry) {
    this.service = Objects.requireNonNull(service, "service");
    this.audit = Objects.requireNonNull(audit, "audit");
    this.callers = Objects.requireNonNull(callers, "callers");
    this.metrics = new ApiMetrics(registry == null ? new SimpleMeterRegistry() : registry);
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.get("/api/v1/queues", ctx -> read(ctx, "queues", c -> service.queues()));
    routes.get(
        "/api/v1/tickets/{id}", ctx -> read(ctx, "ticket", c -> service.ticket(ticketId(ctx))));
    routes.get("/api/v1/audit", ctx -> read(ctx, "audit", c -> auditPage(ctx)));
    routes.post("/api/v1/tickets/{id}/plan", ctx -> write(ctx, "plan", Permissions.PLAN));
    routes.post("/api/v1/tickets/{id}/run", ctx -> write(ctx, "run", Permissions.RUN));
    routes.post("/api/v1/tickets/{id}/retry", ctx -> write(ctx, "retry", Permissions.RETRY));
    routes.post("/api/v1/tickets/{id}/cancel", ctx -> write(ctx, "cancel", Permissions.CANCEL));
    routes.post("/api/v1/tickets/{id}/undo", ctx -> write(ctx, "undo", Permissions.UNDO));
    routes.post("/api/v1/pause", ctx -> write(ctx, "pause", Permissions.PAUSE));
    routes.post("/api/v1/resume", ctx -> write(ctx, "resume", Permissions.RESUME));
  }

  private interface Reader {
    Object read(Caller caller);
  }

  private void read(Context ctx, String endpoint, Reader reader) {
    Caller caller = authorize(ctx, endpoint, Permissions.READ);
    try {
      respond(ctx, 200, reader.read(caller));
      metrics.request(endpoint, caller, 200);
    } catch (ApiException e) {
      error(ctx, e.status(), e.code(), e.getMessage(), null);
      metrics.request(endpoint, caller, e.status());
    } catch (RuntimeException e) {
      log.warn("console: reading {} failed", endpoint, e);
      error(ctx, 500, "INTERNAL", "reading " + endpoint + " failed: " + describe(e), null);
      metrics.request(endpoint, caller, 500);
    }
  }

  private Caller authorize(Context ctx, String endpoint, String permission) {
    try {
      return callers.resolve(ctx, permission);
    } catch (AuthException e) {
      metrics.refused(endpoint, e.status());
      throw e;
    }
  }

  private Map<String, Object> auditPage(Context ctx) {
    String actor = blankToNull(ctx.queryParam("actor"));
    String type = blankToNull(ctx.queryParam("type"));
    Integer ticket = null;
    String t = blankToNull(ctx.queryParam("ticket"));
    if (t != null) {
      ticket = positive(t, "ticket");
    }
    int page = 1;
    String p = blankToNull(ctx.queryParam("page"));
    if (p != null) {
      page = positive(p, "page");
    }
    List<Map<String, Object>> rows =
        audit.page(actor, ticket, type, page).stream().map(AuditLog.Record::toJson).toList();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("page", page);
    out.put("page_size", AuditLog.PAGE_SIZE);
    out.put("entries", rows);
    return out;
  }

  /** A parsed write request. */
  record WriteRequest(String reason, String actionId, String pipeline, Duration waitFor) {}

  private void write(Context ctx, String type, String permission) {
    Caller caller = authorize(ctx, type, permission);
    Integer ticketId = null;
    WriteRequest req;
    String pipelineId;
    try {
      if (ctx.pathParamMap().containsKey("id")) {
        ticketId = ticketId(ctx);
      }
      req = parse(ctx.body());
      pipelineId =
          ticketId == null && req.pipeline() == null ? null : pipelineOrNull(req.pipeline());
    } catch (ApiException e) {
      error(ctx, e.status(), e.code(), e.getMessage(), null);
      metrics.request(type, caller, e.status());
      return;
    }
    Map<String, Object> params = new LinkedHashMap<>();
    if (req.actionId() != null) {
      params.put("action_id", req.actionId());
    }
    if (req.pipeline() != null) {
      params.put("pipeline", req.pipeline());
    }
    long id;
    try {
      Long rollbackOf =
          type.equals("undo") && req.actionId() == null
              ? audit.latestRollbackable(ticketId).orElse(null)
              : null;
      id =
          audit.begin(
              new AuditLog.Entry(
                  type,
                  ticketId,
                  pipelineId,
                  caller.name(),
                  caller.role() == null ? null : caller.role().wireName(),
                  caller.via() == null ? "api" : "api:" + caller.via(),
                  params,
                  req.reason(),
                  rollbackOf,
                  type.equals("run") || type.equals("retry")));
    } catch (RuntimeException e) {
      log.warn("console: cannot record the {} in the audit log; not executed", type, e);
      error(
          ctx,
          503,
          "AUDIT_UNAVAILABLE",
          "the audit log cannot be written (" + describe(e) + "); nothing was done",
          null);
      metrics.request(type, caller, 503);
      return;
    }
    log.info(
        "console: {} {} by {} ({}): {} (audit {})",
        type,
        ticketId == null
            ? (pipelineId == null ? "all pipelines" : pipelineId)
            : "ticket " + ticketId,
        caller.name(),
        caller.role() == null ? "no role" : caller.role().wireName(),
        req.reason(),
        id);
    try {
      audit.started(id);
      Map<String, Object> answer = execute(type, ticketId, req, caller, id);
      int status = "in_progress".equals(answer.get("status")) ? 202 : 200;
      if (Boolean.FALSE.equals(answer.get("succeeded"))) {
        status = 200;
      }
      respond(ctx, status, answer);
      metrics.request(type, caller, status);
    } catch (ApiException e) {
      audit.failed(id, e.getMessage(), null);
      metrics.action(type, caller, "failed");
      error(ctx, e.status(), e.code(), e.getMessage(), id);
      metrics.request(type, caller, e.status());
    } catch (RuntimeException e) {
      log.warn("console: {} (audit {}) failed", type, id, e);
      audit.failed(id, describe(e), null);
      metrics.action(type, caller, "failed");
      error(ctx, 500, "INTERNAL", type + " failed: " + describe(e), id);
      metrics.request(type, caller, 500);
    }
  }

  private String pipelineOrNull(String requested) {
    return service.pipeline(requested).pipeline().pipelineId();
  }

  private Map<String, Object> execute(
      String type, Integer ticketId, WriteRequest req, Caller caller, long id) {
    switch (type) {
      case "plan" -> {
        Map<String, Object> plan = service.plan(ticketId, req.pipeline(), req.waitFor());
        audit.completed(id, Map.of("succeeded", plan.getOrDefault("succeeded", true)));
        metrics.action(type, caller, "completed");
        return answer(id, "completed", plan);
      }
      case "run", "retry" -> {
        OperatorService.Started s = service.run(ticketId, req.pipeline(), type.equals("retry"));
        return follow(type, caller, id, s, req.waitFor());
      }
      case "cancel" -> {
        Map<String, Object> r = service.cancel(ticketId, req.pipeline());
        audit.completed(id, r);
        metrics.action(type, caller, "completed");
        return answer(id, "completed", r);
      }
      case "undo" -> {
        OperatorService.Started s =
            service.undo(ticketId, req.actionId(), id, caller.name(), req.reason());
        Long undone = audit.get(id).map(AuditLog.Record::rollbackOf).orElse(null);
        if (undone != null) {
          // the run it undoes is rolled back once every action is, without conflicts
          s.outcome()
              .thenAccept(
                  r -> {
                    if (r.get("conflicts") instanceof Number n && n.longValue() == 0) {
                      audit.rolledBack(undone);
                    }
                  });
        }
        return follow(type, caller, id, s, req.waitFor());
      }
      case "pause", "resume" -> {
        Map<String, Object> r =
            service.pause(type.equals("pause"), req.pipeline(), caller.name(), req.reason());
        audit.completed(id, r);
        metrics.action(type, caller, "completed");
        return answer(id, "completed", r);
      }
      default -> throw new IllegalStateException("unknown action " + type);
    }
  }

  /**
   * Waits for a started workflow up to the request's wait; records its outcome in the audit row
   * when it ends, now or later.
   */
  private Map<String, Object> follow(
      String type, Caller caller, long id, OperatorService.Started s, Duration wait) {
    s.outcome()
        .whenComplete(
            (result, error) -> {
              try {
                if (error != null) {
                  audit.failed(id, describe(error), null);
                  metrics.action(type, caller, "failed");
                } else if (Boolean.FALSE.equals(result.get("succeeded"))) {
                  audit.failed(id, String.valueOf(result.get("error")), result);
                  metrics.action(type, caller, "failed");
                } else {
                  audit.completed(id, result);
                  metrics.action(type, caller, "completed");
                }
              } catch (RuntimeException e) {
                log.warn("console: could not record the outcome of audit {}", id, e);
              }
            });
    Map<String, Object> result;
    try {
      result = OperatorService.await(s, wait);
    } catch (RuntimeException e) {
      throw new ApiException(502, "WORKFLOW_FAILED", type + " failed: " + describe(e));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("workflow_id", s.workflowId());
    out.put("run_id", s.runId());
    if (result == null) {
      return answer(id, "in_progress", out);
    }
    out.putAll(result);
    boolean ok = !Boolean.FALSE.equals(result.get("succeeded"));
    return answer(id, ok ? "completed" : "failed", out);
  }

  private static Map<String, Object> answer(long auditId, String status, Map<String, Object> body) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("audit_id", auditId);
    out.put("status", status);
    out.putAll(body);
    return out;
  }

  static WriteRequest parse(String body) {
    if (body == null || body.isBlank()) {
      throw ApiException.invalid(
          "the body must be JSON {\"reason\": \"…\"} (reason is required; action_id, pipeline"
              + " and wait_seconds are optional)");
    }
    JsonNode node;
    try {
      node = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw ApiException.invalid(
          "the body is not JSON (" + e.getOriginalMessage() + "); send {\"reason\": \"…\"}");
    }
    if (node == null || !node.isObject()) {
      throw ApiException.invalid("the body must be a JSON object such as {\"reason\": \"…\"}");
    }
    JsonNode reason = node.get("reason");
    if (reason == null || !reason.isTextual() || reason.asText().isBlank()) {
      throw ApiException.invalid("\"reason\" is required: say why, e.g. {\"reason\": \"INC-42\"}");
    }
    if (reason.asText().length() > 2000) {
      throw ApiException.invalid("\"reason\" is longer than 2000 characters");
    }
    String actionId = text(node, "action_id");
    String pipeline = text(node, "pipeline");
    int wait = DEFAULT_WAIT_SECONDS;
    JsonNode w = node.get("wait_seconds");
    if (w != null && !w.isNull()) {
      if (!w.canConvertToInt() || w.asInt() < 0 || w.asInt() > MAX_WAIT_SECONDS) {
        throw ApiException.invalid(
            "\"wait_seconds\" must be a number of seconds from 0 to " + MAX_WAIT_SECONDS);
      }
      wait = w.asInt();
    }
    return new WriteRequest(reason.asText().strip(), actionId, pipeline, Duration.ofSeconds(wait));
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual() || v.asText().isBlank()) {
      throw ApiException.invalid("\"" + field + "\" must be a non-empty string");
    }
    return v.asText().strip();
  }

  private static int ticketId(Context ctx) {
    return positive(ctx.pathParam("id"), "ticket ID");
  }

  private static int positive(String text, String what) {
    try {
      int v = Integer.parseInt(text.strip());
      if (v > 0) {
        return v;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw ApiException.invalid(what + " must be a positive whole number, got '" + text + "'");
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  static String describe(Throwable e) {
    Throwable t = e;
    while ((t instanceof java.util.concurrent.CompletionException
            || t instanceof java.util.concurrent.ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    StringBuilder msg =
        new StringBuilder(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
    Throwable c = t.getCause();
    while (c != null) {
      if (c.getMessage() != null) {
        msg.append(": ").append(c.getMessage());
      }
      c = c.getCause();
    }
    return msg.toString();
  }

  private static void respond(Context ctx, int status, Object body) {
    ctx.status(status);
    ctx.contentType("application/json");
    try {
      ctx.result(JSON.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void error(Context ctx, int status, String code, String message, Long auditId) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("message", message);
    if (auditId != null) {
      error.put("audit_id", auditId);
    }
    respond(ctx, status, Map.of("error", error));
  }
}
