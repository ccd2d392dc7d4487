package org.tqd.activities.actions;

import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.tqd.tdx.TdxApi;
import org.tqd.tdx.TdxException;
import org.tqd.tdx.model.FeedEntry;
import org.tqd.tdx.model.FeedReply;
import org.tqd.tdx.model.Person;
import org.tqd.tdx.model.Ticket;
import org.tqd.workflows.activities.FailureTypes;
import org.tqd.workflows.activities.TicketActivities;
import org.tqd.workflows.rules.ConditionEvaluator;

/**
 * Reads the ticket once per run ({@code GET tickets/{id}}); the actions share that read. A missing
 * ticket is a non-retryable {@link FailureTypes#NOT_FOUND}; other TDX errors map as in {@link
 * ActionFailures}.
 */
public final class TicketActivitiesImpl implements TicketActivities {

  private static final Logger log = LoggerFactory.getLogger(TicketActivitiesImpl.class);

  private final TdxApi tdx;
  private final Clock clock;

  public TicketActivitiesImpl(TdxApi tdx, Clock clock) {
    this.tdx = Objects.requireNonNull(tdx, "tdx");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public String lastRequestorReply(int ticketId, String requestorUid) {
    if (requestorUid == null || requestorUid.isBlank()) {
      return null;
    }
    try {
      String own = ownUid();
      Instant latest = null;
      String latestText = null;
      for (FeedEntry e : tdx.getTicketFeed(ticketId)) {
        List<FeedReply> replies = e.replies();
        if (e.repliesCount() > 0 && (replies == null || replies.size() < e.repliesCount())) {
          replies = tdx.getFeedEntry(e.id()).replies();
        }
        List<String[]> writings = new java.util.ArrayList<>();
        writings.add(new String[] {e.createdUid(), e.createdDate()});
        for (FeedReply r : replies == null ? List.<FeedReply>of() : replies) {
          writings.add(new String[] {r.createdUid(), r.createdDate()});
        }
        for (String[] w : writings) {
          Instant at = ConditionEvaluator.instant(w[1]);
          if (at != null
              && requestorUid.equalsIgnoreCase(w[0])
              && !requestorUid.equalsIgnoreCase(own)
              && (latest == null || at.isAfter(latest))) {
            latest = at;
            latestText = w[1];
          }
        }
      }
      return latestText;
    } catch (TdxException e) {
      throw ActionFailures.fromTdx(ticketId, "LastRequestorReply", e, clock);
    }
  }

  /**
   * The self-trigger guard of {@code ModifiedDate}: when tqd's own account made the ticket's last
   * change (TDX's {@code ModifiedUid}), rules must not see that change, or a rule on a recent
   * modification would fire on tqd's own comment. The ticket's {@code ModifiedDate} becomes the
   * time of the newest feed entry or reply written by anyone else (no later than TDX's), or the
   * ticket's {@code CreatedDate} when there is none; TDX's own value stays in {@code
   * TdxModifiedDate}. Costs one feed read, only for a ticket tqd changed last.
   */
  private Ticket withoutOwnModification(Ticket t) {
    Object modifier = t == null ? null : t.otherFields().get("ModifiedUid");
    if (modifier == null || t.modifiedDate() == null) {
      return t;
    }
    String own = ownUid();
    if (own == null || own.isEmpty() || !own.equalsIgnoreCase(modifier.toString())) {
      return t;
    }
    Instant cap = ConditionEvaluator.instant(t.modifiedDate());
    String latestText = t.createdDate();
    Instant latest = ConditionEvaluator.instant(t.createdDate());
    for (FeedEntry e : tdx.getTicketFeed(t.id())) {
      List<FeedReply> replies = e.replies();
      if (e.repliesCount() > 0 && (replies == null || replies.size() < e.repliesCount())) {
        replies = tdx.getFeedEntry(e.id()).replies();
      }
      List<String[]> writings = new java.util.ArrayList<>();
      writings.add(new String[] {e.createdUid(), e.createdDate()});
      for (FeedReply r : replies == null ? List.<FeedReply>of() : replies) {
        writings.add(new String[] {r.createdUid(), r.createdDate()});
      }
      for (String[] w : writings) {
        Instant at = ConditionEvaluator.instant(w[1]);
        if (at != null
            && w[0] != null
            && !own.equalsIgnoreCase(w[0])
            && (cap == null || !at.isAfter(cap))
            && (latest == null || at.isAfter(latest))) {
          latest = at;
          latestText = w[1];
        }
      }
    }
    log.debug(
        "Ticket {}: last changed by tqd's own account; rules see ModifiedDate {} instead of {}",
        t.id(),
        latestText,
        t.modifiedDate());
    java.util.Map<String, Object> other = new java.util.LinkedHashMap<>(t.otherFields());
    other.put("TdxModifiedDate", t.modifiedDate());
    return new Ticket(
        t.id(),
        t.appId(),
        t.title(),
        t.description(),
        t.typeId(),
        t.formId(),
        t.statusId(),
        t.statusName(),
        t.statusClass(),
        t.requestorUid(),
        t.requestorName(),
        t.requestorEmail(),
        t.responsibleUid(),
        t.responsibleGroupId(),
        t.createdDate(),
        latestText,
        other);
  }

  /** The UID of tqd's own TDX account, read once; null when it cannot be read. */
  private String ownUid() {
    if (ownUid == null) {
      try {
        Person me = tdx.currentUser();
        ownUid = me == null || me.uid() == null ? "" : me.uid();
      } catch (TdxException e) {
        log.debug("the signed-in account could not be read: {}", e.getMessage());
        return null;
      }
    }
    return ownUid;
  }

  private volatile String ownUid;

  @Override
  public Ticket fetchTicket(int ticketId) {
    MDC.put("TicketId", String.valueOf(ticketId));
    String workflowId = ActionActivitiesImpl.workflowId();
    if (workflowId != null) {
      MDC.put("WorkflowId", workflowId);
    }
    try {
      return withoutOwnModification(tdx.getTicket(ticketId));
    } catch (TdxException.NotFound e) {
      throw ApplicationFailure.newBuilder()
          .setType(FailureTypes.NOT_FOUND)
          .setMessage(
              "Ticket "
                  + ticketId
                  + " not found in TDX ("
                  + e.getMessage()
                  + "); not retried: remove it from the report or check the tickets app ID")
          .setNonRetryable(true)
          .setCause(e)
          .build();
    } catch (TdxException e) {
      ApplicationFailure f = ActionFailures.fromTdx(ticketId, "FetchTicket", e, clock);
      log.debug("Ticket {}: reading it failed - {}", ticketId, f.getOriginalMessage());
      throw f;
    } finally {
      MDC.remove("TicketId");
      MDC.remove("WorkflowId");
    }
  }
}
