package org.tqd.activities.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * The action ledger: one row per (ticket, action) in {@code meta.daemon_action_log}, shared with
 * the Python daemon's rows.
 *
 * <p>Guarantees:
 *
 * <ul>
 *   <li><b>Never fails open.</b> Every method either answers from the database or throws {@link
 *       LedgerUnavailableException}; none answers "not executed" or "no work" because the database
 *       could not be read.
 *   <li><b>One owner per claim.</b> {@link #claim} is atomic: of any number of concurrent claimers
 *       of an action that is not in progress, exactly one gets {@link ClaimOutcome#CLAIMED_NEW}.
 *   <li><b>Runs are counted, retries are not.</b> {@code attempt} grows by one per workflow run
 *       that claims the action (compared by run ID), never per activity retry within a run.
 *   <li><b>No secrets.</b> Metadata passes through {@link MetadataSanitizer} and error messages
 *       through {@link MetadataSanitizer#redactText} before they are stored.
 *   <li><b>The daemon's views keep working.</b> {@code executed_at} is set on every write, as the
 *       daemon did.
 * </ul>
 *
 * <p>Thread-safe; share one instance.
 */
public final class ActionLedger {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<LinkedHashMap<String, Object>> MAP_TYPE =
      new TypeReference<>() {};

  private static final String TABLE = "meta.daemon_action_log";
  private static final String COLUMNS =
      "log_id, ticket_id, action_id, action_type, action_hash, status,"
          + " coalesce(attempt, 1) AS attempt, error_message, summary, reference,"
          + " metadata::text AS metadata, workflow_id, run_id, report_id, pipeline_id,"
          + " executed_at, started_at, completed_at";

  private static final String INSERT_CLAIM =
      "INSERT INTO "
          + TABLE
          + " (ticket_id, action_id, action_type, action_hash, status, attempt, workflow_id,"
          + " run_id, report_id, pipeline_id, started_at, executed_at, metadata)"
          + " VALUES (:ticketId, :actionId, :actionType, :actionHash, 'in_progress', 1,"
          + " :workflowId, :runId, :reportId, :pipelineId, now(), now(), '{}'::jsonb)"
          + " ON CONFLICT (ticket_id, action_id) DO NOTHING RETURNING "
          + COLUMNS;

  private static final String LOCK_ROW =
      "SELECT "
          + COLUMNS
          + " FROM "
          + TABLE
          + " WHERE ticket_id = :ticketId AND action_id = :actionId FOR UPDATE";

  // A claim from the run that already holds the row is an activity retry: same attempt. Any other
  // claim is a new run: one more attempt.
  private static final String TAKE_OVER =
      "UPDATE "
          + TABLE
          + " SET status = 'in_progress',"
          + " attempt = CASE WHEN CAST(:runId AS varchar) IS NOT NULL AND run_id = :runId"
          + "   THEN greatest(coalesce(attempt, 1), 1) ELSE coalesce(attempt, 1) + 1 END,"
          + " action_hash = coalesce(action_hash, :actionHash),"
          + " workflow_id = :workflowId, run_id = :runId, report_id = :reportId,"
          + " pipeline_id = :pipelineId, started_at = now(), executed_at = now(),"
          + " completed_at = NULL"
          + " WHERE ticket_id = :ticketId AND action_id = :actionId RETURNING "
          + COLUMNS;

  private static final String FINISH =
      "INSERT INTO "
          + TABLE
          + " AS l (ticket_id, action_id, action_type, status, attempt, error_message, summary,"
          + " metadata, executed_at, completed_at)"
          + " VALUES (:ticketId, :actionId, :actionType, :status, 1, :errorMessage, :summary,"
          + " CAST(:metadata AS jsonb), now(), now())"
          + " ON CONFLICT (ticket_id, action_id) DO UPDATE SET status = EXCLUDED.status,"
          + " error_message = EXCLUDED.error_message, summary = EXCLUDED.summary,"
          + " metadata = CASE WHEN EXCLUDED.status = 'failed'"
          + "   THEN coalesce(l.metadata, '{}'::jsonb) || EXCLUDED.metadata"
          + "   ELSE EXCLUDED.metadata || jsonb_strip_nulls(jsonb_build_object('generation',"
          + "   l.metadata->'generation', 'previous', l.metadata->'previous')) END,"
          + " executed_at = EXCLUDED.executed_at,"
          + " completed_at = EXCLUDED.completed_at RETURNING "
          + COLUMNS;

  // A not-applicable decision never replaces a done row, keeps whatever an earlier claim stored
  // (plan, reference, run count) and is not a run: a new row starts with no runs counted.
  private static final String NOT_APPLICABLE =
      "INSERT INTO "
          + TABLE
          + " AS l (ticket_id, action_id, action_type, action_hash, status, attempt, error_message,"
          + " workflow_id, run_id, report_id, pipeline_id, metadata, executed_at)"
          + " VALUES (:ticketId, :actionId, :actionType, :actionHash, 'not_applicable', 0,"
          + " :reason, :workflowId, :runId, :reportId, :pipelineId,"
          + " jsonb_build_object('condition', CAST(:reason AS text)),"
          + " coalesce(CAST(:evaluatedAt AS timestamptz), now()))"
          + " ON CONFLICT (ticket_id, action_id) DO UPDATE SET status = 'not_applicable',"
          + " error_message = EXCLUDED.error_message, executed_at = EXCLUDED.executed_at,"
          + " action_hash = coalesce(l.action_hash, EXCLUDED.action_hash),"
          + " metadata = coalesce(l.metadata, '{}'::jsonb) || EXCLUDED.metadata"
          + " WHERE l.status NOT IN ('completed', 'skipped', 'rolled_back')";

  // A lateral subquery per ticket: each probes the index on (ticket_id, action_id), so the cost
  // follows the number of tickets asked about, not the size of the ledger's history (a plain join
  // lets the planner hash the whole table).
  private static final String ASSESS =
      "SELECT t.ticket_id, c.done, c.parked, c.retryable, c.in_progress, c.waiting,"
          + " c.waiting_actions, c.evaluated_at"
          + " FROM unnest(:tickets) AS t(ticket_id) CROSS JOIN LATERAL (SELECT"
          + " count(*) FILTER (WHERE l.status IN ('completed', 'skipped', 'rolled_back')) AS done,"
          + " count(*) FILTER (WHERE l.status NOT IN ('completed', 'skipped', 'rolled_back',"
          + "   'not_applicable')"
          + "   AND coalesce(l.attempt, 1) >= :maxRuns) AS parked,"
          + " count(*) FILTER (WHERE l.status = 'not_applicable') AS waiting,"
          + " array_agg(l.action_id ORDER BY l.action_id)"
          + "   FILTER (WHERE l.status = 'not_applicable') AS waiting_actions,"
          + " min(l.executed_at) FILTER (WHERE l.status = 'not_applicable') AS evaluated_at,"
          + " count(*) FILTER (WHERE l.status = 'failed'"
          + "   AND coalesce(l.attempt, 1) < :maxRuns) AS retryable,"
          + " count(*) FILTER (WHERE l.status = 'in_progress'"
          + "   AND coalesce(l.attempt, 1) < :maxRuns) AS in_progress"
          + " FROM "
          + TABLE
          + " l WHERE l.ticket_id = t.ticket_id AND l.action_id = ANY(:actions)) AS c";

  private final Jdbi jdbi;

  public ActionLedger(Jdbi jdbi) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
  }

  /**
   * Claims an action on a ticket before it writes to TDX.
   *
   * <p>With no row, the row is created {@code in_progress} for the caller and the answer is {@link
   * ClaimOutcome#CLAIMED_NEW}. With any row that is not done ({@code in_progress}: an earlier
   * attempt died, or another claimer got there first; {@code failed}: an earlier run may have
   * written before it failed; {@code not_applicable}: the condition held before and the action may
   * have been claimed then), the claim passes to the caller, keeping the row's stored plan and
   * reference, and the answer is {@link ClaimOutcome#RECLAIMED}: check TDX before writing. With a
   * {@code completed} or {@code skipped} row nothing changes and the answer is {@link
   * ClaimOutcome#ALREADY_DONE}.
   *
   * @param actionHash the full SHA-256 (64 hex characters) of the action's configuration, or null
   * @throws LedgerUnavailableException if the database cannot be reached
   */
  public Claim claim(
      int ticketId, String actionId, String actionType, String actionHash, ClaimContext context) {
    requireActionId(actionId);
    requireLength("actionType", actionType, 100);
    if (actionHash != null) {
      requireLength("actionHash", actionHash, 64);
    }
    ClaimContext ctx = context == null ? new ClaimContext(null, null, null, null) : context;
    return DatabaseCalls.guard(
        "claiming ticket " + ticketId + " action " + actionId,
        () ->
            jdbi.inTransaction(
                TransactionIsolationLevel.READ_COMMITTED,
                h -> claimIn(h, ticketId, actionId, actionType, actionHash, ctx)));
  }

  private static Claim claimIn(
      Handle h,
      int ticketId,
      String actionId,
      String actionType,
      String actionHash,
      ClaimContext ctx) {
    // An operator may delete a failed row between the insert and the lock: then insert again.
    for (int round = 0; round < 3; round++) {
      Optional<ActionState> inserted =
          h.createQuery(INSERT_CLAIM)
              .bind("ticketId", ticketId)
              .bind("actionId", actionId)
              .bind("actionType", actionType)
              .bind("actionHash", actionHash)
              .bind("workflowId", ctx.workflowId())
              .bind("runId", ctx.runId())
              .bind("reportId", ctx.reportId())
              .bind("pipelineId", ctx.pipelineId())
              .map(ActionLedger::mapRow)
              .findOne();
      if (inserted.isPresent()) {
        return new Claim(ClaimOutcome.CLAIMED_NEW, inserted.get());
      }
      Optional<ActionState> existing =
          h.createQuery(LOCK_ROW)
              .bind("ticketId", ticketId)
              .bind("actionId", actionId)
              .map(ActionLedger::mapRow)
              .findOne();
      if (existing.isEmpty()) {
        continue;
      }
      ActionState row = existing.get();
      if (row.isDone()) {
        return new Claim(ClaimOutcome.ALREADY_DONE, row);
      }
      ActionState taken =
          h.createQuery(TAKE_OVER)
              .bind("ticketId", ticketId)
              .bind("actionId", actionId)
              .bind("actionHash", actionHash)
              .bind("workflowId", ctx.workflowId())
              .bind("runId", ctx.runId())
              .bind("reportId", ctx.reportId())
              .bind("pipelineId", ctx.pipelineId())
              .map(ActionLedger::mapRow)
              .one();
      // Failed, not-applicable and in-progress rows alike: an earlier run may have claimed the
      // row and written to TDX before it failed or died, so the caller checks TDX first.
      return new Claim(ClaimOutcome.RECLAIMED, taken);
    }
    throw new IllegalStateException(
        "Ledger row for ticket "
            + ticketId
            + " action "
            + actionId
            + " kept disappearing while it was being claimed");
  }

  /**
   * Takes a {@code skipped} row back to {@code in_progress}, keeping its run count: for a summary
   * that had nothing to say when it was skipped and has lines now. Rows in any other status are
   * left alone.
   *
   * @return whether the row was reopened
   * @throws LedgerUnavailableException if the database cannot be reached
   */
  public boolean reopen(int ticketId, String actionId) {
    requireActionId(actionId);
    return DatabaseCalls.guard(
        "reopening ticket " + ticketId + " action " + actionId,
        () ->
            jdbi.withHandle(
                    h ->
                        h.createUpdate(
                                "UPDATE "
                                    + TABLE
                                    + " SET status = 'in_progress', completed_at = NULL,"
                                    + " started_at = now(), executed_at = now()"
                                    + " WHERE ticket_id = :ticketId AND action_id = :actionId"
                                    + " AND status IN ('skipped', 'completed')")
                            .bind("ticketId", ticketId)
                            .bind("actionId", actionId)
                            .execute())
                > 0);
  }

  /**
   * Records that an action finished without error.
   *
   * @param status {@link ActionStatus#COMPLETED} or {@link ActionStatus#SKIPPED}
   * @param summary the action's line for the automation summary comment, or null for none
   * @param metadata what to keep about the execution (secret keys are dropped), or null
   * @return the row as stored
   * @throws LedgerUnavailableException if the database cannot be reached
   */
  public ActionState complete(
      int ticketId, String actionId, ActionStatus status, String summary, Map<String, ?> metadata) {
    if (status != ActionStatus.COMPLETED && status != ActionStatus.SKIPPED) {
      throw new IllegalArgumentException(
          "complete() takes COMPLETED or SKIPPED, not " + status + "; use fail() for failures");
    }
    return finish(ticketId, actionId, status, null, summary, metadata, "completing");
  }

  /**
   * Records that an action failed in this run. Later runs try it again until it has been tried by
   * the number of runs the caller parks at.
   *
   * @param errorMessage what went wrong, for operators (URL passwords are redacted)
   * @return the row as stored
   * @throws LedgerUnavailableException if the database cannot be reached
   */
  public ActionState fail(
      int ticketId, String actionId, String errorMessage, Map<String, ?> metadata) {
    return fail(ticketId, actionId, errorMessage, null, metadata);
  }

  /**
   * As {@link #fail(int, String, String, Map)}, also keeping the action's summary line (for example
   * "Could not add assets: …") for the automation summary comment.
   */
  public ActionState fail(
      int ticketId, String actionId, String errorMessage, String summary, Map<String, ?> metadata) {
    return finish(
        ticketId,
        actionId,
        ActionStatus.FAILED,
        MetadataSanitizer.redactText(errorMessage),
        summary,
        metadata,
        "recording the failure of");
  }

  // A run that fails an action it never claimed (the ticket could not be read, the spec was
  // refused) counts as a run too, once, so that such an action is parked in time like any other.
  private static final String COUNT_UNCLAIMED_RUN =
      "UPDATE "
          + TABLE
          + " SET attempt = coalesce(attempt, 1) + 1, run_id = :runId"
          + " WHERE ticket_id = :ticketId AND action_id = :actionId AND status = 'failed'"
          + " AND run_id IS DISTINCT FROM :runId RETURNING "
          + COLUMNS;

  /**
   * As {@link #fail(int, String, String, Map)}, from the workflow run {@code runId}: when that run
   * did not claim the row (it failed before the action started), the failure still counts as one
   * run of the action, so repeated failures park it.
   */
  public ActionState failRun(
      int ticketId, String actionId, String errorMessage, Map<String, ?> metadata, String runId) {
    ActionState failed = fail(ticketId, actionId, errorMessage, metadata);
    if (runId == null || runId.equals(failed.runId())) {
      return failed;
    }
    if (failed.runId() == null && failed.startedAt() == null && failed.attempt() == 1) {
      // A row created by this failure: its one run is this one.
      return DatabaseCalls.guard(
          "recording the run of ticket " + ticketId + " action " + actionId,
          () ->
              jdbi.withHandle(
                  h ->
                      h.createQuery(
                              "UPDATE "
                                  + TABLE
                                  + " SET run_id = :runId WHERE ticket_id = :ticketId"
                                  + " AND action_id = :actionId RETURNING "
                                  + COLUMNS)
                          .bind("runId", runId)
                          .bind("ticketId", ticketId)
                          .bind("actionId", actionId)
                          .map(ActionLedger::mapRow)
                          .one()));
    }
    return DatabaseCalls.guard(
        "counting the run of ticket " + ticketId + " action " + actionId,
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(COUNT_UNCLAIMED_RUN)
                        .bind("runId", runId)
                        .bind("ticketId", ticketId)
                        .bind("actionId", actionId)
                        .map(ActionLedger::mapRow)
                        .findOne()
                        .orElse(failed)));
  }

  // An upsert rather than an update, so that a result is never lost, even if the row was deleted
  // by an operator after the claim.
  private ActionState finish(
      int ticketId,
      String actionId,
      ActionStatus status,
      String errorMessage,
      String summary,
      Map<String, ?> metadata,
      String verb) {
    requireActionId(actionId);
    String json = toJson(MetadataSanitizer.sanitize(metadata));
    return DatabaseCalls.guard(
        verb + " ticket " + ticketId + " action " + actionId,
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(FINISH)
                        .bind("ticketId", ticketId)
                        .bind("actionId", actionId)
                        .bind("actionType", typeOf(actionId))
                        .bind("status", status.dbValue())
                        .bind("errorMessage", errorMessage)
                        .bind("summary", MetadataSanitizer.redactText(summary))
                        .bind("metadata", json)
                        .map(ActionLedger::mapRow)
                        .one()));
  }

  /**
   * Records that the action's condition did not hold for the ticket when it was evaluated: the row
   * becomes {@code not_applicable} (not done; evaluated again while the ticket is in the report). A
   * done row is left as it is; a row an earlier run claimed keeps its plan, reference and run
   * count, so the run that finally performs the action reclaims it and checks TDX first. Not a run:
   * a new row counts no runs.
   *
   * @param reason the condition that did not hold, for operators
   * @return true when the row is now {@code not_applicable}, false when it was already done
   * @throws LedgerUnavailableException if the database cannot be reached
   */
  public boolean recordNotApplicable(
      int ticketId,
      String actionId,
      String actionType,
      String actionHash,
      String reason,
      ClaimContext context) {
    return recordNotApplicable(ticketId, actionId, actionType, actionHash, reason, context, null);
  }

  /**
   * As {@link #recordNotApplicable(int, String, String, String, String, ClaimContext)}, dated
   * {@code evaluatedAt}: the time the condition was evaluated at (the workflow's clock), which the
   * starter's recheck interval counts from; null: the database's current time.
   */
  public boolean recordNotApplicable(
      int ticketId,
      String actionId,
      String actionType,
      String actionHash,
      String reason,
      ClaimContext context,
      Instant evaluatedAt) {
    requireActionId(actionId);
    requireLength("actionType", actionType, 100);
    ClaimContext ctx = context == null ? new ClaimContext(null, null, null, null) : context;
    String why = reason == null ? "condition not met" : MetadataSanitizer.redactText(reason);
    return DatabaseCalls.guard(
        "recording that ticket " + ticketId + " action " + actionId + " is not applicable",
        () ->
            jdbi.withHandle(
                    h ->
                        h.createUpdate(NOT_APPLICABLE)
                            .bind("ticketId", ticketId)
                            .bind("actionId", actionId)
                            .bind("actionType", actionType)
                            .bind("actionHash", actionHash)
                            .bind("reason", why)
                            .bind("workflowId", ctx.workflowId())
                            .bind("runId", ctx.runId())
                            .bind("reportId", ctx.reportId())
                            .bind("pipelineId", ctx.pipelineId())
                            .bind(
                                "evaluatedAt",
                                evaluatedAt == null
                                    ? null
                                    : OffsetDateTime.ofInstant(evaluatedAt, ZoneOffset.UTC))
                            .execute())
                > 0);
  }

  /**
   * Stores the short reference the action's comment carries, after claiming and before posting, so
   * that a later attempt can find the comment in the feed.
   *
   * @return whether the row exists (false if it was never claimed)
   * @throws LedgerUnavailableException if the database cannot be reached
   */
  public boolean recordReference(int ticketId, String actionId, String reference) {
    requireActionId(actionId);
    requireLength("reference", reference, 100);
    return DatabaseCalls.guard(
        "recording the comment reference of ticket " + ticketId + " action " + actionId,
        () ->
            jdbi.withHandle(
                    h ->
                        h.createUpdate(
                                "UPDATE "
                                    + TABLE
                                    + " SET reference = :reference"
                                    + " WHERE ticket_id = :ticketId AND action_id = :actionId")
                            .bind("reference", reference)
                            .bind("ticketId", ticketId)
                            .bind("actionId", actionId)
                            .execute())
                > 0);
  }

  /**
   * The rows of the given actions on one ticket, read in one query.
   *
   * @return action ID → state, for the actions that have a row
   * @throws LedgerUnavailableException if the database cannot be reached
   */
  public Map<String, ActionState> loadStates(int ticketId, Collection<String> actionIds) {
    List<String> ids = List.copyOf(new LinkedHashSet<>(actionIds));
    if (ids.isEmpty()) {
      return Map.of();
    }
    List<ActionState> rows =
        DatabaseCalls.guard(
            "reading the actions of ticket " + ticketId,
            () ->
                jdbi.withHandle(
                    h ->
                        h.createQuery(
                                "SELECT "
                                    + COLUMNS
                                    + " FROM "
                                    + TABLE
                                    + " WHERE ticket_id = :ticketId AND action_id = ANY(:actionIds)")
                            .bind("ticketId", ticketId)
                            .bindArray("actionIds", String.class, ids)
                            .map(ActionLedger::mapRow)
                            .list()));
    Map<String, ActionState> byId = new LinkedHashMap<>();
    Map<String, ActionState> found = new HashMap<>();
    rows.forEach(r -> found.put(r.actionId(), r));
    for (String id : ids) {
      ActionState s = found.get(id);
      if (s != null) {
        byId.put(id, s);
      }
    }
    return byId;
  }

  /**
   * The tickets, of those given, that still need a run of the pipeline: at least one of its actions
   * is neither done ({@code completed}/{@code skipped}) nor parked (tried by {@code
   * maxRunsBeforePark} runs without finishing). One query.
   *
   * @return the tickets in the order given, without duplicates
   * @throws LedgerUnavailableException if the database cannot be reached
   */
  public List<Integer> ticketsNeedingWork(
      List<Integer> ticketIds, List<String> actionIds, int maxRunsBeforePark) {
    return assess(ticketIds, actionIds, maxRunsBeforePark).needWork();
  }

  /**
   * Where each of the given tickets stands with the pipeline's actions, in one query: which need
   * work, and how many are done, parked, failed with runs left, in progress or not started.
   *
   * @param maxRunsBeforePark runs after which an unfinished action is parked; at least 1 ({@link
   *     Integer#MAX_VALUE} never parks)
   * @throws LedgerUnavailableException if the database cannot be reached
   */
  public QueueAssessment assess(
      List<Integer> ticketIds, List<String> actionIds, int maxRunsBeforePark) {
    if (maxRunsBeforePark < 1) {
      throw new IllegalArgumentException(
          "maxRunsBeforePark must be at least 1, got " + maxRunsBeforePark);
    }
    List<String> actions = List.copyOf(new LinkedHashSet<>(actionIds));
    if (actions.isEmpty()) {
      throw new IllegalArgumentException("a pipeline has at least one action; none given");
    }
    List<Integer> tickets = List.copyOf(new LinkedHashSet<>(ticketIds));
    if (tickets.isEmpty()) {
      return new QueueAssessment(List.of(), 0, 0, 0, 0, 0, List.of(), List.of());
    }
    List<TicketCounts> rows =
        DatabaseCalls.guard(
            "assessing " + tickets.size() + " tickets",
            () ->
                jdbi.withHandle(
                    h ->
                        h.createQuery(ASSESS)
                            .bindArray("tickets", Integer.class, tickets)
                            .bindArray("actions", String.class, actions)
                            .bind("maxRuns", maxRunsBeforePark)
                            .map(
                                (rs, ctx) ->
                                    new TicketCounts(
                                        rs.getInt("ticket_id"),
                                        rs.getLong("done"),
                                        rs.getLong("parked"),
                                        rs.getLong("retryable"),
                                        rs.getLong("in_progress"),
                                        rs.getLong("waiting"),
                                        stringArray(rs, "waiting_actions"),
                                        instant(rs, "evaluated_at")))
                            .list()));
    Map<Integer, TicketCounts> counts = new HashMap<>(rows.size() * 2);
    rows.forEach(r -> counts.put(r.ticketId(), r));
    int n = actions.size();
    List<Integer> needWork = new ArrayList<>();
    int done = 0;
    int parked = 0;
    int retryable = 0;
    int inProgress = 0;
    int notStarted = 0;
    List<Integer> retryableTickets = new ArrayList<>();
    List<QueueAssessment.Waiting> waiting = new ArrayList<>();
    for (Integer ticket : tickets) {
      TicketCounts c =
          counts.getOrDefault(ticket, new TicketCounts(ticket, 0, 0, 0, 0, 0, List.of(), null));
      if (c.done() == n) {
        done++;
      } else if (c.done() + c.parked() == n) {
        parked++;
      } else if (c.done() + c.parked() + c.waiting() == n) {
        waiting.add(new QueueAssessment.Waiting(ticket, c.waitingActions(), c.evaluatedAt()));
      } else {
        needWork.add(ticket);
        if (c.retryable() > 0) {
          retryable++;
          retryableTickets.add(ticket);
        } else if (c.inProgress() > 0) {
          inProgress++;
        } else {
          notStarted++;
        }
      }
    }
    return new QueueAssessment(
        needWork, done, parked, retryable, inProgress, notStarted, retryableTickets, waiting);
  }

  private record TicketCounts(
      int ticketId,
      long done,
      long parked,
      long retryable,
      long inProgress,
      long waiting,
      List<String> waitingActions,
      Instant evaluatedAt) {}

  private static List<String> stringArray(ResultSet rs, String column) throws SQLException {
    java.sql.Array array = rs.getArray(column);
    if (array == null) {
      return List.of();
    }
    try {
      return List.of((String[]) array.getArray());
    } finally {
      array.free();
    }
  }

  /**
   * Every row of a ticket, newest first (the daemon's {@code get_ticket_actions}).
   *
   * @throws LedgerUnavailableException if the database cannot be reached
   */
  public List<ActionState> history(int ticketId) {
    return DatabaseCalls.guard(
        "reading the history of ticket " + ticketId,
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT "
                                + COLUMNS
                                + " FROM "
                                + TABLE
                                + " WHERE ticket_id = :ticketId"
                                + " ORDER BY executed_at DESC NULLS LAST, action_id")
                        .bind("ticketId", ticketId)
                        .map(ActionLedger::mapRow)
                        .list()));
  }

  /** Counts over all action types. See {@link #stats(String)}. */
  public LedgerStats stats() {
    return stats(null);
  }

  /**
   * Counts per action type and status, with first and last execution (the daemon's {@code
   * get_action_stats}).
   *
   * @param actionType only this type, or null for all
   * @throws LedgerUnavailableException if the database cannot be reached
   */
  public LedgerStats stats(String actionType) {
    record Row(String type, String status, long count, Instant first, Instant last) {}
    List<Row> rows =
        DatabaseCalls.guard(
            "reading action statistics",
            () ->
                jdbi.withHandle(
                    h ->
                        h.createQuery(
                                "SELECT action_type, status, count(*) AS n,"
                                    + " min(executed_at) AS first_executed,"
                                    + " max(executed_at) AS last_executed FROM "
                                    + TABLE
                                    + " WHERE CAST(:actionType AS varchar) IS NULL"
                                    + " OR action_type = :actionType"
                                    + " GROUP BY action_type, status")
                            .bind("actionType", actionType)
                            .map(
                                (rs, ctx) ->
                                    new Row(
                                        rs.getString("action_type"),
                                        rs.getString("status"),
                                        rs.getLong("n"),
                                        instant(rs, "first_executed"),
                                        instant(rs, "last_executed")))
                            .list()));
    Map<String, List<Row>> byType = new TreeMap<>();
    rows.forEach(r -> byType.computeIfAbsent(r.type(), t -> new ArrayList<>()).add(r));
    Map<String, LedgerStats.TypeStats> types = new TreeMap<>();
    Map<ActionStatus, Long> statuses = new EnumMap<>(ActionStatus.class);
    long total = 0;
    for (Map.Entry<String, List<Row>> e : byType.entrySet()) {
      long[] perStatus = new long[ActionStatus.values().length];
      long typeTotal = 0;
      Instant first = null;
      Instant last = null;
      for (Row r : e.getValue()) {
        ActionStatus s = ActionStatus.fromDb(r.status());
        perStatus[s.ordinal()] += r.count();
        statuses.merge(s, r.count(), Long::sum);
        typeTotal += r.count();
        if (r.first() != null && (first == null || r.first().isBefore(first))) {
          first = r.first();
        }
        if (r.last() != null && (last == null || r.last().isAfter(last))) {
          last = r.last();
        }
      }
      total += typeTotal;
      types.put(
          e.getKey(),
          new LedgerStats.TypeStats(
              typeTotal,
              perStatus[ActionStatus.COMPLETED.ordinal()],
              perStatus[ActionStatus.FAILED.ordinal()],
              perStatus[ActionStatus.SKIPPED.ordinal()],
              perStatus[ActionStatus.IN_PROGRESS.ordinal()],
              first,
              last));
    }
    return new LedgerStats(total, types, statuses);
  }

  /**
   * Gives every {@code failed} action, parked or not, a fresh allowance of runs (the daemon's
   * {@code clear_failed_actions}), so those actions run again at the next poll. Rows are kept,
   * never deleted: an earlier run may have written to TDX under the row's stored plan and
   * reference, and the next run must reclaim it and check TDX before writing again.
   *
   * @return how many actions were reset (those already reset are not counted again)
   * @throws LedgerUnavailableException if the database cannot be reached
   */
  public int clearFailed() {
    return DatabaseCalls.guard(
        "clearing failed actions",
        () ->
            jdbi.withHandle(
                h ->
                    h.createUpdate(
                            "UPDATE "
                                + TABLE
                                + " SET attempt = 0"
                                + " WHERE status = 'failed' AND coalesce(attempt, 1) <> 0")
                        .execute()));
  }

  /**
   * Resets the {@code failed} actions of one ticket. See {@link #clearFailed()}.
   *
   * @return how many actions were reset
   */
  public int clearFailed(int ticketId) {
    return DatabaseCalls.guard(
        "clearing the failed actions of ticket " + ticketId,
        () ->
            jdbi.withHandle(
                h ->
                    h.createUpdate(
                            "UPDATE "
                                + TABLE
                                + " SET attempt = 0 WHERE ticket_id = :ticketId"
                                + " AND status = 'failed' AND coalesce(attempt, 1) <> 0")
                        .bind("ticketId", ticketId)
                        .execute()));
  }

  /**
   * Gives a ticket's unfinished actions (failed, or left in progress by runs that died), parked or
   * not, a fresh allowance of runs, keeping their rows and last errors: the next poll starts the
   * ticket again ({@code tqd retry}).
   *
   * @return how many actions were reset
   * @throws LedgerUnavailableException if the database cannot be reached
   */
  public int retry(int ticketId) {
    return DatabaseCalls.guard(
        "resetting the failed actions of ticket " + ticketId,
        () ->
            jdbi.withHandle(
                h ->
                    h.createUpdate(
                            "UPDATE "
                                + TABLE
                                + " SET attempt = 0 WHERE ticket_id = :ticketId"
                                + " AND status IN ('failed', 'in_progress')")
                        .bind("ticketId", ticketId)
                        .execute()));
  }

  /**
   * Claims the undo of a {@code completed} action: records in its row ({@code metadata.undo}) that
   * the undo workflow {@code undoWorkflowId} is undoing it, before anything is written to TDX.
   *
   * @return the row as it stands: {@code completed} (claimed: apply the inverses, checking TDX
   *     before each), {@code rolled_back} (already undone: nothing to do) or any other status
   *     (nothing to undo); empty when the ticket has no such row
   * @throws LedgerUnavailableException if the database cannot be reached
   */
  public Optional<ActionState> claimUndo(int ticketId, String actionId, String undoWorkflowId) {
    requireActionId(actionId);
    return DatabaseCalls.guard(
        "claiming the undo of ticket " + ticketId + " action " + actionId,
        () ->
            jdbi.inTransaction(
                h -> {
                  Optional<ActionState> row =
                      h.createQuery(LOCK_ROW)
                          .bind("ticketId", ticketId)
                          .bind("actionId", actionId)
                          .map(ActionLedger::mapRow)
                          .findOne();
                  if (row.isEmpty() || row.get().status() != ActionStatus.COMPLETED) {
                    return row;
                  }
                  return Optional.of(
                      h.createQuery(
                              "UPDATE "
                                  + TABLE
                                  + " SET metadata = coalesce(metadata, '{}'::jsonb)"
                                  + " || jsonb_build_object('undo', jsonb_build_object('state',"
                                  + " 'in_progress', 'workflow_id', CAST(:wf AS text),"
                                  + " 'started_at', now()))"
                                  + " WHERE ticket_id = :ticketId AND action_id = :actionId"
                                  + " RETURNING "
                                  + COLUMNS)
                          .bind("wf", undoWorkflowId)
                          .bind("ticketId", ticketId)
                          .bind("actionId", actionId)
                          .map(ActionLedger::mapRow)
                          .one());
                }));
  }

  /**
   * Records the end of an action's undo in {@code metadata.undo}: with {@code rolledBack} the row
   * becomes {@code rolled_back} (final; polls do not run it again), otherwise (a conflict left an
   * inverse out) it stays {@code completed}.
   *
   * @param outcome what the undo did (JSON-compatible; secret keys are dropped)
   * @return the row as stored, or empty when it is no longer {@code completed}
   * @throws LedgerUnavailableException if the database cannot be reached
   */
  public Optional<ActionState> finishUndo(
      int ticketId, String actionId, boolean rolledBack, Map<String, ?> outcome) {
    requireActionId(actionId);
    String json = toJson(MetadataSanitizer.sanitize(outcome));
    return DatabaseCalls.guard(
        "recording the undo of ticket " + ticketId + " action " + actionId,
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "UPDATE "
                                + TABLE
                                + " SET status = CASE WHEN :rb THEN 'rolled_back' ELSE status END,"
                                + " executed_at = now(),"
                                + " metadata = coalesce(metadata, '{}'::jsonb)"
                                + " || jsonb_build_object('undo', CAST(:outcome AS jsonb))"
                                + " WHERE ticket_id = :ticketId AND action_id = :actionId"
                                + " AND status = 'completed' RETURNING "
                                + COLUMNS)
                        .bind("rb", rolledBack)
                        .bind("outcome", json)
                        .bind("ticketId", ticketId)
                        .bind("actionId", actionId)
                        .map(ActionLedger::mapRow)
                        .findOne()));
  }

  /**
   * Makes a ticket's {@code rolled_back} actions run again, as a new generation: each becomes
   * {@code failed} with a fresh allowance of runs, no stored plan and no comment reference, so the
   * next run plans afresh and its comments carry a new reference. The undone generation is kept
   * under {@code metadata.previous}; {@code metadata.generation} counts generations (the first is
   * 1).
   *
   * @return how many actions will be redone
   * @throws LedgerUnavailableException if the database cannot be reached
   */
  public int redoRolledBack(int ticketId) {
    return DatabaseCalls.guard(
        "redoing the rolled-back actions of ticket " + ticketId,
        () ->
            jdbi.withHandle(
                h ->
                    h.createUpdate(
                            "UPDATE "
                                + TABLE
                                + " SET status = 'failed', attempt = 0, reference = NULL,"
                                + " error_message = 'rolled back; redone by an operator',"
                                + " completed_at = NULL, executed_at = now(),"
                                + " metadata = jsonb_build_object('generation',"
                                + " coalesce((metadata->>'generation')::int, 1) + 1,"
                                + " 'previous', metadata)"
                                + " WHERE ticket_id = :ticketId AND status = 'rolled_back'")
                        .bind("ticketId", ticketId)
                        .execute()));
  }

  private static ActionState mapRow(ResultSet rs, StatementContext ctx) throws SQLException {
    int reportId = rs.getInt("report_id");
    Integer report = rs.wasNull() ? null : reportId;
    return new ActionState(
        rs.getObject("log_id", UUID.class),
        rs.getInt("ticket_id"),
        rs.getString("action_id"),
        rs.getString("action_type"),
        rs.getString("action_hash"),
        ActionStatus.fromDb(rs.getString("status")),
        rs.getInt("attempt"),
        rs.getString("error_message"),
        rs.getString("summary"),
        rs.getString("reference"),
        fromJson(rs.getString("metadata")),
        rs.getString("workflow_id"),
        rs.getString("run_id"),
        report,
        rs.getString("pipeline_id"),
        instant(rs, "executed_at"),
        instant(rs, "started_at"),
        instant(rs, "completed_at"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  private static String toJson(Map<String, Object> metadata) {
    try {
      return JSON.writeValueAsString(metadata);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "Action metadata cannot be written as JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static Map<String, Object> fromJson(String json) {
    if (json == null || json.isBlank()) {
      return Map.of();
    }
    try {
      var node = JSON.readTree(json);
      if (node.isObject()) {
        return JSON.convertValue(node, MAP_TYPE);
      }
      Map<String, Object> wrapped = new LinkedHashMap<>();
      wrapped.put("value", JSON.convertValue(node, Object.class));
      return wrapped;
    } catch (JsonProcessingException e) {
      return Map.of("unreadable", json);
    }
  }

  /** The type part of {@code type:hash12:version}. */
  static String typeOf(String actionId) {
    int colon = actionId.indexOf(':');
    String type = colon < 0 ? actionId : actionId.substring(0, colon);
    return type.length() > 100 ? type.substring(0, 100) : type;
  }

  private static void requireActionId(String actionId) {
    requireLength("actionId", actionId, 255);
  }

  private static void requireLength(String name, String value, int max) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    if (value.length() > max) {
      throw new IllegalArgumentException(
          name + " is " + value.length() + " characters long; the ledger keeps at most " + max);
    }
  }
}
