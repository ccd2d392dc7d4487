package org.tqd.sandbox;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A snapshot of one ticket as the sandbox holds it, for assertions.
 *
 * @param ticketId the ticket
 * @param title its title
 * @param statusId current status
 * @param statusName current status name
 * @param responsibleGroupId responsible group, 0 if none
 * @param responsibleUid responsible person, or null
 * @param assetIds linked asset IDs (not CI IDs), in link order
 * @param feed feed entries, oldest first
 * @param modifiedDate last modification
 * @param priorityId priority, 0 if none
 * @param impactId impact, 0 if none
 * @param urgencyId urgency, 0 if none
 * @param attributes custom attribute values by attribute ID (choice attributes: the choice ID)
 */
public record TicketState(
    int ticketId,
    String title,
    int statusId,
    String statusName,
    int responsibleGroupId,
    UUID responsibleUid,
    List<Integer> assetIds,
    List<FeedEntry> feed,
    Instant modifiedDate,
    int priorityId,
    int impactId,
    int urgencyId,
    java.util.Map<Integer, String> attributes) {

  /** Copies the lists. */
  public TicketState {
    assetIds = List.copyOf(assetIds);
    feed = List.copyOf(feed);
    attributes = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(attributes));
  }

  /**
   * One feed entry.
   *
   * @param id entry ID
   * @param body stored body (HTML)
   * @param authorName {@code CreatedFullName} ("System" for system entries)
   * @param authorUid {@code CreatedUid}
   * @param isPrivate whether the entry is private
   * @param updateType TDX UpdateType (1 comment, 2 status change, 3 edit, 4 created)
   * @param createdDate when it was written
   * @param replyCount number of replies
   */
  public record FeedEntry(
      int id,
      String body,
      String authorName,
      UUID authorUid,
      boolean isPrivate,
      int updateType,
      Instant createdDate,
      int replyCount) {}
}
