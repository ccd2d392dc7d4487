package org.tqd.tdx.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One entry of a ticket feed ({@code TeamDynamix.Api.Feed.ItemUpdate}). The text is {@code Body};
 * {@code replies} is only reliable when the entry was read with {@code GET api/feed/{id}}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FeedEntry(
    @JsonProperty("ID") int id,
    @JsonProperty("CreatedUid") String createdUid,
    @JsonProperty("CreatedFullName") String createdFullName,
    @JsonProperty("CreatedDate") String createdDate,
    @JsonProperty("LastUpdatedDate") String lastUpdatedDate,
    @JsonProperty("Body") String body,
    @JsonProperty("UpdateType") int updateType,
    @JsonProperty("IsPrivate") boolean isPrivate,
    @JsonProperty("RepliesCount") int repliesCount,
    @JsonProperty("Replies") List<FeedReply> replies,
    @JsonProperty("Uri") String uri) {

  /** {@code UpdateType} 1: a comment. */
  public static final int UPDATE_COMMENT = 1;

  /** {@code UpdateType} 2: a status change (takes precedence over an edit). */
  public static final int UPDATE_STATUS_CHANGE = 2;

  public FeedEntry {
    replies = replies == null ? List.of() : List.copyOf(replies);
  }
}
