package org.tqd.sandbox.internal.data;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A ticket feed entry (TDX {@code ItemUpdate}). Mutable; guarded by the {@link DataStore} lock. */
public final class FeedEntry {

  /** UpdateType values (TeamDynamix.Api.Feed.UpdateType). */
  public static final int COMMENT = 1;

  public static final int STATUS_CHANGE = 2;
  public static final int EDIT = 3;
  public static final int CREATED = 4;

  private final int id;
  private final int ticketId;
  private final Author author;
  private final Instant createdDate;
  private final String body;
  private final int updateType;
  private final boolean isPrivate;
  private final boolean richHtml;
  private final boolean communication;
  private final String notifiedList;
  private final List<Reply> replies = new ArrayList<>();
  private Instant lastUpdatedDate;

  public FeedEntry(
      int id,
      int ticketId,
      Author author,
      Instant createdDate,
      String body,
      int updateType,
      boolean isPrivate,
      boolean richHtml,
      boolean communication,
      String notifiedList) {
    this.id = id;
    this.ticketId = ticketId;
    this.author = author;
    this.createdDate = createdDate;
    this.lastUpdatedDate = createdDate;
    this.body = body;
    this.updateType = updateType;
    this.isPrivate = isPrivate;
    this.richHtml = richHtml;
    this.communication = communication;
    this.notifiedList = notifiedList;
  }

  public int id() {
    return id;
  }

  public int ticketId() {
    return ticketId;
  }

  public Author author() {
    return author;
  }

  public Instant createdDate() {
    return createdDate;
  }

  /** The latest of the creation date and the replies' dates. */
  public Instant lastUpdatedDate() {
    return lastUpdatedDate;
  }

  public String body() {
    return body;
  }

  public int updateType() {
    return updateType;
  }

  public boolean isPrivate() {
    return isPrivate;
  }

  public boolean richHtml() {
    return richHtml;
  }

  public boolean communication() {
    return communication;
  }

  /** Comma-separated notified addresses, or null. */
  public String notifiedList() {
    return notifiedList;
  }

  /** Replies, oldest first. */
  public List<Reply> replies() {
    return replies;
  }

  /** Appends a reply and moves {@link #lastUpdatedDate()}. */
  public void addReply(Reply reply) {
    replies.add(reply);
    if (reply.createdDate().isAfter(lastUpdatedDate)) {
      lastUpdatedDate = reply.createdDate();
    }
  }
}
