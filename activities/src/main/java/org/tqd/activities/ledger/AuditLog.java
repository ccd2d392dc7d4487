package org.tqd.activities.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The operator audit log, {@code meta.tqd_audit_log}: one row per manual action (console API or
 * CLI). {@link #begin} records the initiation ({@code pending}) before anything is executed; {@link
 * #started} marks it {@code in_progress}; {@link #completed} or {@link #failed} record the outcome.
 * An undone action becomes {@code rolled_back} ({@link #rolledBack}).
 *
 * <p>Parameters and results pass through {@link MetadataSanitizer} and texts through {@link
 * MetadataSanitizer#redactText}: no secret is stored. Thread-safe.
 */
public final class AuditLog {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<LinkedHashMap<String, Object>> MAP_TYPE =
      new TypeReference<>() {};

  /** Rows per page of {@link #page}. */
  public static final int PAGE_SIZE = 50;

  private static final String COLUMNS =
      "id, action_type, scope, ticket_id, pipeline_id, actor, actor_role, source,"
          + " params::text AS params, reason, status, result::text AS result, error_message,"
          + " rollback_of, can_rollback, created_at, started_at, completed_at, rolled_back_at";

  private final Jdbi jdbi;

  public AuditLog(Jdbi jdbi) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
  }

  /** Where an action applies. */
  public enum Scope {
    TICKET,
    PIPELINE,
    GLOBAL;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Scope of(String s) {
      return valueOf(s.toUpperCase(Locale.ROOT));
    }
  }

  /** The status of an audit row. */
  public enum Status {
    PENDING,
    IN_PROGRESS,
    COMPLETED,
    FAILED,
    ROLLED_BACK;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Status of(String s) {
      return valueOf(s.toUpperCase(Locale.ROOT));
    }
  }

  /**
   * A manual action about to be executed.
   *
   * @param actionType {@code plan}, {@code run}, {@code retry}, {@code cancel}, {@code undo},
   *     {@code pause}, {@code resume}, {@code clear_failed}, …
   * @param ticketId the ticket, or null for a pipeline or global action
   * @param pipelineId the pipeline, or null
   * @param actor who: a token's name, an OIDC subject, or the OS user of a CLI command
   * @param actorRole the actor's role, or null (CLI)
   * @param source {@code api} or {@code cli}
   * @param params the request's parameters (secret keys dropped)
   * @param reason why, as the actor gave it
   * @param rollbackOf the audit row this action undoes, or null
   * @param canRollback whether the action can be undone
   */
  public record Entry(
      String actionType,
      Integer ticketId,
      String pipelineId,
      String actor,
      String actorRole,
      String source,
      Map<String, ?> params,
      String reason,
      Long rollbackOf,
      boolean canRollback) {

    /** The scope: ticket when a ticket is named, else pipeline when one is named, else global. */
    public Scope scope() {
      return ticketId != null ? Scope.TICKET : pipelineId != null ? Scope.PIPELINE : Scope.GLOBAL;
    }
  }

  /**
   * One stored row.
   *
   * @param result what the action answered (JSON object), or empty
   */
  public record Record(
      long id,
      String actionType,
      Scope scope,
      Integer ticketId,
      String pipelineId,
      String actor,
      String actorRole,
      String source,
      Map<String, Object> params,
      String reason,
      Status status,
      Map<String, Object> result,
      String errorMessage,
      Long rollbackOf,
      boolean canRollback,
      Instant createdAt,
      Instant startedAt,
      Instant completedAt,
      Instant rolledBackAt) {

    /** The row as the API shows it (snake_case keys). */
    public Map<String, Object> toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", id);
      m.put("action_type", actionType);
      m.put("scope", scope.wire());
      m.put("ticket_id", ticketId);
      m.put("pipeline_id", pipelineId);
      m.put("actor", actor);
      m.put("actor_role", actorRole);
      m.put("source", source);
      m.put("params", params);
      m.put("reason", reason);
      m.put("status", status.wire());
      m.put("result", result);
      m.put("error_message", errorMessage);
      m.put("rollback_of", rollbackOf);
      m.put("can_rollback", canRollback);
      m.put("created_at", text(createdAt));
      m.put("started_at", text(startedAt));
      m.put("completed_at", text(completedAt));
      m.put("rolled_back_at", text(rolledBackAt));
      return m;
    }

    private static String text(Instant t) {
      return t == null ? null : t.toString();
    }
  }

  /**
   * Records the initiation of a manual action ({@code pending}), before it is executed.
   *
   * @return the row's ID
   * @throws LedgerUnavailableException if the database cannot be reached
   */
  public long begin(Entry e) {
    Objects.requireNonNull(e.actionType(), "actionType");
    Objects.requireNonNull(e.actor(), "actor");
    String params = toJson(MetadataSanitizer.sanitize(e.params() == null ? Map.of() : e.params()));
    return DatabaseCalls.guard(
        "recording the " + e.actionType() + " of " + e.actor() + " in the audit log",
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "INSERT INTO meta.tqd_audit_log (action_type, scope, ticket_id,"
                                + " pipeline_id, actor, actor_role, source, params, reason,"
                                + " rollback_of, can_rollback) VALUES (:type, :scope, :ticket,"
                                + " :pipeline, :actor, :role, :source, CAST(:params AS jsonb),"
                                + " :reason, :rollbackOf, :canRollback) RETURNING id")
                        .bind("type", e.actionType())
                        .bind("scope", e.scope().wire())
                        .bind("ticket", e.ticketId())
                        .bind("pipeline", e.pipelineId())
                        .bind("actor", e.actor())
                        .bind("role", e.actorRole())
                        .bind("source", e.source() == null ? "api" : e.source())
                        .bind("params", params)
                        .bind("reason", MetadataSanitizer.redactText(e.reason()))
                        .bind("rollbackOf", e.rollbackOf())
                        .bind("canRollback", e.canRollback())
                        .mapTo(Long.class)
                        .one()));
  }

  /** Marks the action {@code in_progress}: its execution has begun. */
  public void started(long id) {
    update(
        id,
        "UPDATE meta.tqd_audit_log SET status = 'in_progress', started_at = now()"
            + " WHERE id = :id AND status = 'pending'",
        null,
        null);
  }

  /** Records that the action completed, with what it answered. */
  public void completed(long id, Map<String, ?> result) {
    update(
        id,
        "UPDATE meta.tqd_audit_log SET status = 'completed',"
            + " started_at = coalesce(started_at, now()), completed_at = now(),"
            + " result = CAST(:result AS jsonb), error_message = NULL WHERE id = :id",
        result,
        null);
  }

  /** Records that the action failed. */
  public void failed(long id, String error, Map<String, ?> result) {
    update(
        id,
        "UPDATE meta.tqd_audit_log SET status = 'failed',"
            + " started_at = coalesce(started_at, now()), completed_at = now(),"
            + " result = CAST(:result AS jsonb), error_message = :error WHERE id = :id",
        result,
        error == null ? "failed" : error);
  }

  /** Marks an action as undone (by the undo of another row). */
  public void rolledBack(long id) {
    update(
        id,
        "UPDATE meta.tqd_audit_log SET status = 'rolled_back', rolled_back_at = now()"
            + " WHERE id = :id",
        null,
        null);
  }

  private void update(long id, String sql, Map<String, ?> result, String error) {
    String json = result == null ? null : toJson(MetadataSanitizer.sanitize(result));
    DatabaseCalls.guard(
        "updating audit row " + id,
        () ->
            jdbi.withHandle(
                h -> {
                  var u = h.createUpdate(sql).bind("id", id);
                  if (sql.contains(":result")) {
                    u.bind("result", json);
                  }
                  if (sql.contains(":error")) {
                    u.bind("error", MetadataSanitizer.redactText(error));
                  }
                  return u.execute();
                }));
  }

  /** One row. */
  public Optional<Record> get(long id) {
    return DatabaseCalls.guard(
        "reading audit row " + id,
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery("SELECT " + COLUMNS + " FROM meta.tqd_audit_log WHERE id = :id")
                        .bind("id", id)
                        .map(AuditLog::map)
                        .findOne()));
  }

  /**
   * A page of rows, newest first, filtered by any of actor, ticket and action type (null: any).
   *
   * @param page 1 for the newest {@link #PAGE_SIZE} rows
   */
  public List<Record> page(String actor, Integer ticketId, String actionType, int page) {
    int p = Math.max(1, page);
    return DatabaseCalls.guard(
        "reading the audit log",
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT "
                                + COLUMNS
                                + " FROM meta.tqd_audit_log"
                                + " WHERE (CAST(:actor AS text) IS NULL OR actor = :actor)"
                                + " AND (CAST(:ticket AS integer) IS NULL OR ticket_id = :ticket)"
                                + " AND (CAST(:type AS text) IS NULL OR action_type = :type)"
                                + " ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset")
                        .bind("actor", actor)
                        .bind("ticket", ticketId)
                        .bind("type", actionType)
                        .bind("limit", PAGE_SIZE)
                        .bind("offset", (p - 1) * PAGE_SIZE)
                        .map(AuditLog::map)
                        .list()));
  }

  /**
   * The newest completed action on the ticket that can be rolled back (a run or retry), if it has
   * not been rolled back: what an undo of the ticket undoes.
   */
  public Optional<Long> latestRollbackable(int ticketId) {
    return DatabaseCalls.guard(
        "reading the audit log of ticket " + ticketId,
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT id FROM meta.tqd_audit_log WHERE ticket_id = :ticket"
                                + " AND can_rollback AND status = 'completed'"
                                + " ORDER BY created_at DESC, id DESC LIMIT 1")
                        .bind("ticket", ticketId)
                        .mapTo(Long.class)
                        .findOne()));
  }

  private static Record map(ResultSet rs, StatementContext ctx) throws SQLException {
    int ticket = rs.getInt("ticket_id");
    Integer ticketId = rs.wasNull() ? null : ticket;
    long rb = rs.getLong("rollback_of");
    Long rollbackOf = rs.wasNull() ? null : rb;
    return new Record(
        rs.getLong("id"),
        rs.getString("action_type"),
        Scope.of(rs.getString("scope")),
        ticketId,
        rs.getString("pipeline_id"),
        rs.getString("actor"),
        rs.getString("actor_role"),
        rs.getString("source"),
        fromJson(rs.getString("params")),
        rs.getString("reason"),
        Status.of(rs.getString("status")),
        fromJson(rs.getString("result")),
        rs.getString("error_message"),
        rollbackOf,
        rs.getBoolean("can_rollback"),
        instant(rs, "created_at"),
        instant(rs, "started_at"),
        instant(rs, "completed_at"),
        instant(rs, "rolled_back_at"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  private static String toJson(Map<String, Object> value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write as JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static Map<String, Object> fromJson(String json) {
    if (json == null || json.isBlank()) {
      return Map.of();
    }
    try {
      return JSON.readValue(json, MAP_TYPE);
    } catch (JsonProcessingException e) {
      return Map.of("unreadable", json);
    }
  }
}
