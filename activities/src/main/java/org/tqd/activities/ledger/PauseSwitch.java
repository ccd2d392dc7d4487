package org.tqd.activities.ledger;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * The kill switch, kept in the ledger's database ({@code meta.tqd_pause}) so that every starter and
 * worker sharing it honours a pause within one poll.
 *
 * <p>A scope is either global ({@code null} here, {@code '*'} in the table), which pauses every
 * pipeline, or one pipeline's name. While a pipeline is paused, starters start no new ticket
 * workflows for it and action runners make no new TDX writes for it; a write already under way
 * finishes. Pausing what is already paused keeps the first pause's actor and time and updates the
 * reason; resuming what is not paused does nothing. Every pause and resume is also appended to
 * {@code meta.tqd_pause_event}.
 *
 * <p>A global pause and a pipeline's own pause are independent: resuming a pipeline while the
 * global pause holds leaves it paused, and resuming globally leaves pipelines paused by name
 * paused.
 */
public final class PauseSwitch {

  /** The {@code scope} value of the global pause. */
  public static final String GLOBAL = "*";

  private final Jdbi jdbi;

  public PauseSwitch(Jdbi jdbi) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
  }

  /**
   * One paused scope.
   *
   * @param scope {@link #GLOBAL} or a pipeline name
   * @param pausedBy who paused it (a user name, a console token's name, an OIDC subject)
   * @param reason why; null when none was given
   * @param pausedAt when
   */
  public record PauseState(String scope, String pausedBy, String reason, Instant pausedAt) {

    /** True for the pause of every pipeline. */
    public boolean global() {
      return GLOBAL.equals(scope);
    }

    /** The pipeline name, empty for the global pause. */
    public Optional<String> pipeline() {
      return global() ? Optional.empty() : Optional.of(scope);
    }
  }

  /**
   * Pauses one pipeline, or every pipeline when {@code pipelineOrNull} is null.
   *
   * @throws IllegalArgumentException when the pipeline name is blank or {@code *}, or no actor is
   *     given
   * @throws LedgerUnavailableException if the database cannot be reached
   */
  public void pause(String pipelineOrNull, String actor, String reason) {
    String scope = scope(pipelineOrNull);
    String who = actor(actor);
    guard(
        "pausing " + describe(scope),
        () ->
            jdbi.inTransaction(
                h -> {
                  h.createUpdate(
                          "INSERT INTO meta.tqd_pause (scope, paused_by, reason)"
                              + " VALUES (:scope, :actor, :reason)"
                              + " ON CONFLICT (scope) DO UPDATE SET reason ="
                              + " coalesce(EXCLUDED.reason, meta.tqd_pause.reason)")
                      .bind("scope", scope)
                      .bind("actor", who)
                      .bind("reason", blankToNull(reason))
                      .execute();
                  return event(h, scope, "pause", who, reason);
                }));
  }

  /**
   * Resumes one pipeline, or lifts the global pause when {@code pipelineOrNull} is null. Does
   * nothing (and records nothing) when that scope is not paused.
   *
   * @throws IllegalArgumentException when the pipeline name is blank or {@code *}, or no actor is
   *     given
   * @throws LedgerUnavailableException if the database cannot be reached
   */
  public void resume(String pipelineOrNull, String actor, String reason) {
    String scope = scope(pipelineOrNull);
    String who = actor(actor);
    guard(
        "resuming " + describe(scope),
        () ->
            jdbi.inTransaction(
                h -> {
                  int removed =
                      h.createUpdate("DELETE FROM meta.tqd_pause WHERE scope = :scope")
                          .bind("scope", scope)
                          .execute();
                  return removed == 0 ? 0 : event(h, scope, "resume", who, reason);
                }));
  }

  /**
   * True when this pipeline may not start workflows or write to TDX: it is paused by name, or
   * everything is paused. With {@code null} (a file without pipeline names), only the global pause
   * counts.
   *
   * @throws LedgerUnavailableException if the database cannot be reached: the caller must not write
   *     to TDX then (the ledger never fails open)
   */
  public boolean isPaused(String pipelineNameOrNull) {
    return pauseOf(pipelineNameOrNull).isPresent();
  }

  /**
   * The pause that holds this pipeline, the global one first; empty when it may run.
   *
   * @throws LedgerUnavailableException if the database cannot be reached
   */
  public Optional<PauseState> pauseOf(String pipelineNameOrNull) {
    String name =
        pipelineNameOrNull == null || pipelineNameOrNull.isBlank() ? null : pipelineNameOrNull;
    return guard(
        "reading the pause switch",
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT scope, paused_by, reason, paused_at FROM meta.tqd_pause"
                                + " WHERE scope = '*' OR scope = :name"
                                + " ORDER BY (scope = '*') DESC LIMIT 1")
                        .bind("name", name)
                        .map(
                            (rs, ctx) ->
                                new PauseState(
                                    rs.getString("scope"),
                                    rs.getString("paused_by"),
                                    rs.getString("reason"),
                                    rs.getObject("paused_at", OffsetDateTime.class).toInstant()))
                        .findOne()));
  }

  /**
   * Every paused scope, the global pause first, then pipelines by name.
   *
   * @throws LedgerUnavailableException if the database cannot be reached
   */
  public List<PauseState> list() {
    return guard(
        "listing paused pipelines",
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT scope, paused_by, reason, paused_at FROM meta.tqd_pause"
                                + " ORDER BY (scope = '*') DESC, scope")
                        .map(
                            (rs, ctx) ->
                                new PauseState(
                                    rs.getString("scope"),
                                    rs.getString("paused_by"),
                                    rs.getString("reason"),
                                    rs.getObject("paused_at", OffsetDateTime.class).toInstant()))
                        .list()));
  }

  private static int event(
      org.jdbi.v3.core.Handle h, String scope, String event, String actor, String reason) {
    return h.createUpdate(
            "INSERT INTO meta.tqd_pause_event (scope, event, actor, reason)"
                + " VALUES (:scope, :event, :actor, :reason)")
        .bind("scope", scope)
        .bind("event", event)
        .bind("actor", actor)
        .bind("reason", blankToNull(reason))
        .execute();
  }

  private static String scope(String pipelineOrNull) {
    if (pipelineOrNull == null) {
      return GLOBAL;
    }
    if (pipelineOrNull.isBlank() || pipelineOrNull.equals(GLOBAL)) {
      throw new IllegalArgumentException(
          "a pipeline name to pause or resume must be a pipeline's name, got '"
              + pipelineOrNull
              + "'; leave it out to pause or resume every pipeline");
    }
    return pipelineOrNull;
  }

  private static String actor(String actor) {
    if (actor == null || actor.isBlank()) {
      throw new IllegalArgumentException("a pause or resume needs the name of who made it");
    }
    return actor;
  }

  private static String describe(String scope) {
    return GLOBAL.equals(scope) ? "every pipeline" : "pipeline '" + scope + "'";
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private static <T> T guard(String operation, Supplier<T> call) {
    try {
      return call.get();
    } catch (JdbiException e) {
      throw LedgerRejectedException.classify(operation, e);
    }
  }
}
