package org.tqd.activities.actions;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tqd.activities.ledger.ActionLedger;
import org.tqd.activities.ledger.ActionState;
import org.tqd.activities.ledger.ActionStatus;
import org.tqd.activities.ledger.LedgerUnavailableException;
import org.tqd.activities.ledger.TicketIndex;
import org.tqd.tdx.TdxApi;
import org.tqd.tdx.TdxException;
import org.tqd.tdx.model.ConfigurationItem;
import org.tqd.tdx.model.FeedPost;
import org.tqd.tdx.model.Ticket;
import org.tqd.workflows.undo.UndoActivities;
import org.tqd.workflows.undo.UndoRequest;
import org.tqd.workflows.undo.UndoResult;

/**
 * The undo workflow's activities. An action's undo is claimed in its ledger row ({@link
 * ActionLedger#claimUndo}) before anything is written; then each inverse of {@code
 * metadata.inverse}, newest effect first, is checked in TDX and applied only when TDX still shows
 * tqd's value: an asset still linked is unlinked; a status still tqd's is set back; a field still
 * tqd's is set back; a withdrawal note is posted unless its own reference is already in the feed.
 * An inverse already applied (by an earlier attempt that died) is not applied again; a value a
 * person changed since is left and reported as a conflict. The row becomes {@code rolled_back} when
 * no inverse conflicted.
 */
public final class UndoActivitiesImpl implements UndoActivities {

  private static final Logger log = LoggerFactory.getLogger(UndoActivitiesImpl.class);

  /** The text of the note that withdraws a comment (TDX comments cannot be deleted). */
  static final String WITHDRAWN = "Withdrawn: the automated comment %s is withdrawn by an operator";

  /** The note that withdraws an action's part of the summary comment. */
  static final String WITHDRAWN_PART =
      "Withdrawn: the %s part of the automated comment %s is withdrawn by an operator";

  private final TdxApi tdx;
  private final ActionLedger ledger;
  private final Clock clock;
  private final TicketIndex ticketIndex;

  public UndoActivitiesImpl(TdxApi tdx, ActionLedger ledger, Clock clock) {
    this(tdx, ledger, clock, null);
  }

  /**
   * @param ticketIndex the local index of tickets and their links, told when an undo unlinks an
   *     asset; null when the worker keeps none
   */
  public UndoActivitiesImpl(TdxApi tdx, ActionLedger ledger, Clock clock, TicketIndex ticketIndex) {
    this.tdx = Objects.requireNonNull(tdx, "tdx");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ticketIndex = ticketIndex;
  }

  @Override
  public List<Target> targets(int ticketId, String actionId) {
    try {
      List<ActionState> rows = new ArrayList<>(ledger.history(ticketId));
      rows.sort(
          Comparator.comparing(
                  (ActionState r) ->
                      r.completedAt() != null
                          ? r.completedAt()
                          : r.executedAt() == null ? java.time.Instant.EPOCH : r.executedAt())
              .reversed());
      List<Target> out = new ArrayList<>();
      for (ActionState r : rows) {
        if (actionId != null && !actionId.equals(r.actionId())) {
          continue;
        }
        out.add(
            new Target(
                r.actionId(),
                r.actionType(),
                r.status().dbValue(),
                r.metadata().get(Inverses.KEY) instanceof List<?> l && !l.isEmpty()));
      }
      return out;
    } catch (LedgerUnavailableException e) {
      throw ActionFailures.ledgerUnavailable(ticketId, actionId == null ? "*" : actionId, e);
    }
  }

  @Override
  public UndoResult.Step undoAction(UndoRequest request, String actionId, String undoWorkflowId) {
    int ticketId = request.ticketId();
    try {
      Optional<ActionState> claimed = ledger.claimUndo(ticketId, actionId, undoWorkflowId);
      if (claimed.isEmpty()) {
        return new UndoResult.Step(
            actionId, null, UndoResult.NOT_DONE, "no such action in the ledger", List.of());
      }
      ActionState row = claimed.get();
      if (row.status() == ActionStatus.ROLLED_BACK) {
        return new UndoResult.Step(
            actionId,
            row.actionType(),
            UndoResult.ALREADY_ROLLED_BACK,
            "already rolled back",
            List.of());
      }
      if (row.status() != ActionStatus.COMPLETED) {
        return new UndoResult.Step(
            actionId,
            row.actionType(),
            UndoResult.NOT_DONE,
            "nothing to undo: the action is " + row.status().dbValue(),
            List.of());
      }
      List<Map<String, Object>> inverse = inverse(row);
      if (inverse.isEmpty()) {
        return new UndoResult.Step(
            actionId, row.actionType(), UndoResult.NO_INVERSE, "no inverse recorded", List.of());
      }
      Collections.reverse(inverse);
      List<Map<String, Object>> effects = new ArrayList<>();
      boolean conflict = false;
      for (Map<String, Object> effect : inverse) {
        Map<String, Object> done = apply(request, row, effect);
        effects.add(done);
        conflict |= "conflict".equals(done.get("outcome"));
      }
      Map<String, Object> outcome = new LinkedHashMap<>();
      outcome.put("state", conflict ? "conflict" : "rolled_back");
      outcome.put("workflow_id", undoWorkflowId);
      outcome.put("audit_id", request.auditId());
      outcome.put("actor", request.actor());
      outcome.put("reason", request.reason());
      outcome.put("at", clock.instant().toString());
      outcome.put("effects", effects);
      ledger.finishUndo(ticketId, actionId, !conflict, outcome);
      String message =
          conflict
              ? "left "
                  + effects.stream().filter(e -> "conflict".equals(e.get("outcome"))).count()
                  + " change(s) a person made since; undid the rest"
              : "rolled back " + effects.size() + " effect(s)";
      log.info("undo: ticket {} action {}: {}", ticketId, actionId, message);
      return new UndoResult.Step(
          actionId,
          row.actionType(),
          conflict ? UndoResult.CONFLICT : UndoResult.ROLLED_BACK,
          message,
          effects);
    } catch (TdxException e) {
      throw ActionFailures.fromTdx(ticketId, actionId, e, clock);
    } catch (LedgerUnavailableException e) {
      throw ActionFailures.ledgerUnavailable(ticketId, actionId, e);
    }
  }

  private static List<Map<String, Object>> inverse(ActionState row) {
    List<Map<String, Object>> out = new ArrayList<>();
    if (row.metadata().get(Inverses.KEY) instanceof List<?> list) {
      for (Object o : list) {
        if (o instanceof Map<?, ?> m) {
          Map<String, Object> copy = new LinkedHashMap<>();
          m.forEach((k, v) -> copy.put(String.valueOf(k), v));
          out.add(copy);
        }
      }
    }
    return out;
  }

  private Map<String, Object> apply(UndoRequest request, ActionState row, Map<String, Object> e) {
    int ticketId = request.ticketId();
    String op = String.valueOf(e.get("op"));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("op", op);
    switch (op) {
      case "unlink_asset" -> {
        int asset = ((Number) e.get("asset_id")).intValue();
        out.put("asset_id", asset);
        boolean linked =
            tdx.getTicketAssets(ticketId).stream()
                .mapToInt(ConfigurationItem::backingItemId)
                .anyMatch(id -> id == asset);
        if (linked) {
          tdx.removeTicketAsset(ticketId, asset);
          if (ticketIndex != null) {
            ticketIndex.forgetLinks(ticketId);
          }
          out.put("outcome", "applied");
        } else {
          out.put("outcome", "already");
          out.put("message", "asset " + asset + " is no longer linked");
        }
      }
      case "set_status" -> {
        int previous = ((Number) e.get("status_id")).intValue();
        int expect = ((Number) e.get("expect_status_id")).intValue();
        int now = tdx.getTicket(ticketId).statusId();
        out.put("status_id", previous);
        out.put("expect_status_id", expect);
        out.put("found_status_id", now);
        if (now == previous) {
          out.put("outcome", "already");
        } else if (now != expect) {
          out.put("outcome", "conflict");
          out.put(
              "message",
              "status is "
                  + now
                  + ", not tqd's "
                  + expect
                  + ": a person changed it since; left as it is");
        } else {
          String text =
              "Status restored by an operator's undo of an automated change ("
                  + expect
                  + " back to "
                  + previous
                  + ").";
          CommentReference ref = CommentReference.of(ticketId, row.actionId() + "#undo", text);
          tdx.postFeed(
              ticketId,
              new FeedPost(
                  previous, false, ref.appendTo(text, false), List.of("null"), true, false, false));
          out.put("outcome", "applied");
        }
      }
      case "set_fields" -> {
        Map<String, Object> fields = map(e.get("fields"));
        Map<String, Object> expect = map(e.get("expect"));
        Ticket t = tdx.getTicket(ticketId);
        Map<String, Object> restore = new LinkedHashMap<>();
        List<String> conflicts = new ArrayList<>();
        List<String> already = new ArrayList<>();
        for (Map.Entry<String, Object> f : fields.entrySet()) {
          Object current = TicketFields.read(t, f.getKey());
          if (same(current, f.getValue())) {
            already.add(f.getKey());
          } else if (expect.containsKey(f.getKey()) && !same(current, expect.get(f.getKey()))) {
            conflicts.add(f.getKey() + " is " + current + ", not tqd's " + expect.get(f.getKey()));
          } else {
            restore.put(f.getKey(), f.getValue());
          }
        }
        if (!restore.isEmpty()) {
          TicketFields.write(tdx, ticketId, restore);
        }
        out.put("restored", restore);
        out.put("already", already);
        if (!conflicts.isEmpty()) {
          out.put("outcome", "conflict");
          out.put(
              "message",
              String.join("; ", conflicts) + ": a person changed it since; left as it is");
        } else {
          out.put("outcome", restore.isEmpty() ? "already" : "applied");
        }
      }
      case "withdraw_comment" -> {
        Object ref = e.get("reference");
        boolean part = ref == null;
        if (part) {
          // an action whose text went into the summary comment: its part of that comment
          ref = row.metadata().get(ActionJournal.SUMMARIZED_IN_KEY);
        }
        String reference = ref == null ? "(" + row.actionId() + ")" : ref.toString();
        // The note names the comment without its brackets, so that it never passes for it.
        String named = reference.replace("[", "").replace("]", "");
        String text =
            (part
                    ? String.format(Locale.ROOT, WITHDRAWN_PART, row.actionType(), named)
                    : String.format(Locale.ROOT, WITHDRAWN, named))
                + reasonSuffix(request)
                + ".";
        CommentReference note =
            CommentReference.of(ticketId, row.actionId() + "#withdraw", reference);
        out.put("reference", reference);
        if (note.isIn(tdx.getTicketFeed(ticketId))) {
          out.put("outcome", "already");
        } else {
          tdx.postFeed(
              ticketId,
              new FeedPost(
                  0, false, note.appendTo(text, false), List.of("null"), true, false, false));
          out.put("outcome", "applied");
        }
        out.put("note_reference", note.token());
      }
      default -> {
        out.put("outcome", "conflict");
        out.put("message", "unknown inverse op '" + op + "'; left as it is");
      }
    }
    return out;
  }

  private static String reasonSuffix(UndoRequest request) {
    return request.reason() == null || request.reason().isBlank()
        ? ""
        : " (" + request.reason().strip() + ")";
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    if (o instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      ((Map<Object, Object>) m).forEach((k, v) -> out.put(String.valueOf(k), v));
      return out;
    }
    return Map.of();
  }

  /** Equal as TDX shows values: numbers by value, texts ignoring case, null as empty. */
  static boolean same(Object a, Object b) {
    if (a == null || b == null) {
      String x = a == null ? "" : String.valueOf(a);
      String y = b == null ? "" : String.valueOf(b);
      return x.equalsIgnoreCase(y);
    }
    if (a instanceof Number x && b instanceof Number y) {
      return x.longValue() == y.longValue();
    }
    return String.valueOf(a).equalsIgnoreCase(String.valueOf(b));
  }
}
