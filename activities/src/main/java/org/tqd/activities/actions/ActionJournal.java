package org.tqd.activities.actions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.tqd.activities.ledger.LedgerRejectedException;
import org.tqd.activities.ledger.LedgerUnavailableException;

/**
 * What the actions keep in their ledger rows besides claiming and completing them ({@code
 * ActionLedger}): the plan of a claimed action before it writes to TDX, a follow-up comment before
 * it is posted, and which summaries have been posted in a summary comment.
 *
 * <ul>
 *   <li>The plan goes into the row's {@code metadata} under {@value #PENDING_KEY} while the row is
 *       {@code in_progress}; a later claim that finds the row in progress reads it back from the
 *       claimed state and applies that same plan, checking TDX first. Completing the row replaces
 *       the metadata, and with it the plan.
 *   <li>{@code summarized_at}/{@code summarized_in} (migration V4) mark a row whose summary has
 *       been posted; {@link #unpostedSummaries} returns the others.
 * </ul>
 *
 * Every database failure is a {@link LedgerUnavailableException}: nothing here fails open.
 */
public final class ActionJournal {

  /** The metadata key of a claimed action's plan. */
  public static final String PENDING_KEY = "pending";

  /** The metadata key of when a row's summary was posted in a summary comment. */
  public static final String SUMMARIZED_AT_KEY = "summarized_at";

  /** The metadata key of the reference of the summary comment that carried a row's summary. */
  public static final String SUMMARIZED_IN_KEY = "summarized_in";

  private static final String TABLE = "meta.daemon_action_log";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Jdbi jdbi;

  public ActionJournal(Jdbi jdbi) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
  }

  /**
   * Stores the plan of a claimed action (a JSON-writable value) in its row.
   *
   * @throws LedgerUnavailableException if the database cannot be reached
   * @throws IllegalStateException if the row is not {@code in_progress} (not claimed)
   */
  public void savePending(int ticketId, String actionId, Object plan) {
    String json;
    try {
      json = storable(JSON.writeValueAsString(plan));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("The plan of action " + actionId + " is not JSON", e);
    }
    int updated =
        guard(
            "storing the plan of ticket " + ticketId + " action " + actionId,
            () ->
                jdbi.withHandle(
                    h ->
                        h.createUpdate(
                                "UPDATE "
                                    + TABLE
                                    + " SET metadata = coalesce(metadata, '{}'::jsonb)"
                                    + " || jsonb_build_object('"
                                    + PENDING_KEY
                                    + "', CAST(:plan AS jsonb))"
                                    + " WHERE ticket_id = :ticketId AND action_id = :actionId"
                                    + " AND status = 'in_progress'")
                            .bind("plan", json)
                            .bind("ticketId", ticketId)
                            .bind("actionId", actionId)
                            .execute()));
    if (updated == 0) {
      throw new IllegalStateException(
          "Ticket "
              + ticketId
              + " action "
              + actionId
              + " is not claimed; its plan was not stored");
    }
  }

  /** The metadata key of a follow-up comment stored before it is posted. */
  public static final String FOLLOW_UP_KEY = "follow_up";

  /**
   * Stores a follow-up comment in the (completed) summary row before it is posted, so that an
   * attempt that dies after posting is followed by one that finds it in the feed instead of posting
   * it again.
   *
   * @throws LedgerUnavailableException if the database cannot be reached
   */
  public void saveFollowUp(int ticketId, String actionId, Object plan) {
    String json;
    try {
      json = storable(JSON.writeValueAsString(plan));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("The follow-up of action " + actionId + " is not JSON", e);
    }
    guard(
        "storing the follow-up comment of ticket " + ticketId + " action " + actionId,
        () ->
            jdbi.withHandle(
                h ->
                    h.createUpdate(
                            "UPDATE "
                                + TABLE
                                + " SET metadata = coalesce(metadata, '{}'::jsonb)"
                                + " || jsonb_build_object('"
                                + FOLLOW_UP_KEY
                                + "', CAST(:plan AS jsonb))"
                                + " WHERE ticket_id = :ticketId AND action_id = :actionId")
                        .bind("plan", json)
                        .bind("ticketId", ticketId)
                        .bind("actionId", actionId)
                        .execute()));
  }

  /**
   * Removes the stored follow-up once it is posted and its lines are marked.
   *
   * @throws LedgerUnavailableException if the database cannot be reached
   */
  public void clearFollowUp(int ticketId, String actionId) {
    guard(
        "clearing the follow-up comment of ticket " + ticketId + " action " + actionId,
        () ->
            jdbi.withHandle(
                h ->
                    h.createUpdate(
                            "UPDATE "
                                + TABLE
                                + " SET metadata = metadata - '"
                                + FOLLOW_UP_KEY
                                + "' WHERE ticket_id = :ticketId AND action_id = :actionId")
                        .bind("ticketId", ticketId)
                        .bind("actionId", actionId)
                        .execute()));
  }

  /** A stored follow-up read back as the given type, or null when the metadata holds none. */
  public static <P> P followUpPlan(Map<String, Object> metadata, Class<P> type) {
    Object stored = metadata.get(FOLLOW_UP_KEY);
    return stored == null ? null : JSON.convertValue(stored, type);
  }

  /**
   * JSON that PostgreSQL's jsonb accepts: it refuses the escape of NUL ({@code \u0000}), which a
   * plan built from ticket text can hold; it becomes U+FFFD, as in the ledger's other text.
   */
  static String storable(String json) {
    return json.contains("\\u0000") ? json.replace("\\u0000", "\\ufffd") : json;
  }

  /** A stored plan read back as the given type, or null when the metadata holds none. */
  public static <P> P pendingPlan(Map<String, Object> metadata, Class<P> type) {
    Object pending = metadata.get(PENDING_KEY);
    return pending == null ? null : JSON.convertValue(pending, type);
  }

  /**
   * A summary not yet posted.
   *
   * @param actionId the action that wrote it
   * @param summary the summary line
   */
  public record UnpostedSummary(String actionId, String summary) {}

  /**
   * The summaries of the given actions on the ticket that are done ({@code completed} or {@code
   * skipped}), non-empty and not yet posted, in the order of {@code actionIds}. One query.
   *
   * @throws LedgerUnavailableException if the database cannot be reached
   */
  public List<UnpostedSummary> unpostedSummaries(int ticketId, List<String> actionIds) {
    List<String> ids = List.copyOf(new LinkedHashSet<>(actionIds));
    if (ids.isEmpty()) {
      return List.of();
    }
    Map<String, String> found = new HashMap<>();
    guard(
        "reading the unposted summaries of ticket " + ticketId,
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT action_id, summary FROM "
                                + TABLE
                                + " WHERE ticket_id = :ticketId AND action_id = ANY(:actionIds)"
                                + " AND status IN ('completed', 'skipped')"
                                + " AND summary IS NOT NULL AND summary <> ''"
                                + " AND metadata->>'"
                                + SUMMARIZED_AT_KEY
                                + "' IS NULL")
                        .bind("ticketId", ticketId)
                        .bindArray("actionIds", String.class, ids)
                        .map((rs, ctx) -> found.put(rs.getString(1), rs.getString(2)))
                        .list()));
    List<UnpostedSummary> out = new ArrayList<>();
    for (String id : ids) {
      if (found.containsKey(id)) {
        out.add(new UnpostedSummary(id, found.get(id)));
      }
    }
    return out;
  }

  /**
   * Marks the summaries of these actions as posted in the comment with this reference.
   *
   * @throws LedgerUnavailableException if the database cannot be reached
   */
  public void markSummarized(int ticketId, List<String> actionIds, String reference) {
    if (actionIds.isEmpty()) {
      return;
    }
    guard(
        "marking the summaries of ticket " + ticketId + " as posted",
        () ->
            jdbi.withHandle(
                h ->
                    h.createUpdate(
                            "UPDATE "
                                + TABLE
                                + " SET metadata = coalesce(metadata, '{}'::jsonb)"
                                + " || jsonb_build_object('"
                                + SUMMARIZED_AT_KEY
                                + "', now(), '"
                                + SUMMARIZED_IN_KEY
                                + "', CAST(:reference AS text))"
                                + " WHERE ticket_id = :ticketId AND action_id = ANY(:actionIds)"
                                + " AND metadata->>'"
                                + SUMMARIZED_AT_KEY
                                + "' IS NULL")
                        .bind("reference", reference)
                        .bind("ticketId", ticketId)
                        .bindArray("actionIds", String.class, List.copyOf(actionIds))
                        .execute()));
  }

  private static <T> T guard(String operation, Supplier<T> call) {
    try {
      return call.get();
    } catch (JdbiException e) {
      throw LedgerRejectedException.classify(operation, e);
    }
  }
}
