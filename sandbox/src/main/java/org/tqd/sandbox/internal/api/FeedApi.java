package org.tqd.sandbox.internal.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.tqd.sandbox.internal.data.Author;
import org.tqd.sandbox.internal.data.Catalog;
import org.tqd.sandbox.internal.data.DataStore;
import org.tqd.sandbox.internal.data.FeedEntry;
import org.tqd.sandbox.internal.data.Person;
import org.tqd.sandbox.internal.data.Ticket;
import org.tqd.sandbox.internal.http.ApiException;
import org.tqd.sandbox.internal.http.ApiResponse;
import org.tqd.sandbox.internal.http.Exchange;
import org.tqd.sandbox.internal.http.JsonBody;
import org.tqd.sandbox.internal.json.Json;
import org.tqd.sandbox.internal.text.Html;

/**
 * The ticket feed: {@code GET tickets/{id}/feed} (newest first, replies only counted), {@code POST
 * tickets/{id}/feed} (a TicketFeedEntry: comment and/or status change) and {@code GET feed/{id}}
 * (one entry with its replies).
 */
public final class FeedApi {

  private final Services s;
  private final DataStore store;

  public FeedApi(Services services) {
    this.s = services;
    this.store = services.store();
  }

  /** {@code GET api/{app}/tickets/{id}/feed?top=}: entries newest first. */
  public ApiResponse list(Exchange x) {
    int id = x.pathInt("id");
    int top = x.queryInt("top", 0);
    return store.read(
        () -> {
          Ticket t = store.ticket(id);
          if (t == null) {
            throw ApiException.notFound("Ticket " + id + " was not found.");
          }
          List<FeedEntry> entries = new ArrayList<>(t.feed());
          entries.sort(
              Comparator.comparing(FeedEntry::createdDate)
                  .thenComparingInt(FeedEntry::id)
                  .reversed());
          if (top > 0 && entries.size() > top) {
            entries = entries.subList(0, top);
          }
          ArrayNode out = Json.array();
          for (FeedEntry e : entries) {
            out.add(s.shapes().feedEntry(e, false));
          }
          return ApiResponse.ok(out);
        });
  }

  /** {@code GET api/feed/{id}}: one entry with its replies. */
  public ApiResponse get(Exchange x) {
    int id = x.pathInt("id");
    return store.read(
        () -> {
          FeedEntry e = store.feedEntry(id);
          if (e == null) {
            throw ApiException.notFound("Feed entry " + id + " was not found.");
          }
          return ApiResponse.ok(s.shapes().feedEntry(e, true));
        });
  }

  /**
   * {@code POST api/{app}/tickets/{id}/feed}: appends an entry. {@code NewStatusID} null or 0
   * leaves the status; a different valid status changes it (UpdateType 2, cascading to child
   * tickets when {@code CascadeStatus}); otherwise the entry is a comment (UpdateType 1).
   */
  public ApiResponse post(Exchange x) {
    int id = x.pathInt("id");
    JsonBody b = x.body("a TicketFeedEntry");
    String comments = b.string("Comments");
    int newStatus = b.integer("NewStatusID", 0);
    boolean cascade = b.bool("CascadeStatus", false);
    boolean isPrivate = b.bool("IsPrivate", false);
    boolean rich = b.bool("IsRichHtml", false);
    boolean communication = b.bool("IsCommunication", false);
    List<String> notify = b.strings("Notify");
    Catalog c = s.catalog();
    if (newStatus < 0 || (newStatus > 0 && c.status(newStatus) == null)) {
      throw ApiException.badRequest(
          "NewStatusID " + newStatus + " is not a status of this application.");
    }
    boolean hasComment = comments != null && !comments.isBlank();
    if (!hasComment && newStatus == 0) {
      throw ApiException.badRequest("Comments are required when the status does not change.");
    }
    Person me = x.principal().person();
    return store.write(
        () -> {
          Ticket t = store.ticket(id);
          if (t == null) {
            throw ApiException.notFound("Ticket " + id + " was not found.");
          }
          String body = !hasComment ? "" : rich ? comments : Html.plainToHtml(comments);
          if (hasComment && s.faults().htmlRewrite()) {
            body = Html.rewrite(body);
          }
          int type = FeedEntry.COMMENT;
          if (newStatus > 0 && newStatus != t.statusId()) {
            String change =
                "Changed Status from \""
                    + TicketsApi.statusName(c, t.statusId())
                    + "\" to \""
                    + TicketsApi.statusName(c, newStatus)
                    + "\".";
            body = hasComment ? change + "<br /><br />" + body : change;
            type = FeedEntry.STATUS_CHANGE;
            t.statusId(newStatus);
            if (cascade) {
              for (Ticket child : store.tickets()) {
                if (child.parentId() == t.id()) {
                  child.statusId(newStatus);
                  child.touch(me.uid(), s.now());
                }
              }
            }
          } else if (!hasComment) {
            throw ApiException.badRequest(
                "The ticket already has status "
                    + newStatus
                    + "; send Comments or a different NewStatusID.");
          }
          FeedEntry e =
              new FeedEntry(
                  store.newFeedId(),
                  id,
                  Author.of(me),
                  s.now(),
                  body,
                  type,
                  isPrivate,
                  rich,
                  communication,
                  notifiedList(notify));
          store.addFeedEntry(e);
          t.touch(me.uid(), s.now());
          return ApiResponse.ok(s.shapes().feedEntry(e, true));
        });
  }

  private static String notifiedList(List<String> notify) {
    if (notify == null) {
      return null;
    }
    List<String> valid = new ArrayList<>();
    for (String n : notify) {
      if (n != null && n.contains("@")) {
        valid.add(n.trim());
      }
    }
    return valid.isEmpty() ? null : String.join(", ", valid);
  }
}
