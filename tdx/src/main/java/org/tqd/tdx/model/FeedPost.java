package org.tqd.tdx.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The body of {@code POST api/{appId}/tickets/{id}/feed} ({@code
 * TeamDynamix.Api.Feed.TicketFeedEntry}). A {@code newStatusId} of 0 means no status change. {@code
 * notifyEmails} ({@code Notify}) holds e-mail addresses; the Python daemon sends {@code ["null"]}
 * when nobody is to be notified.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record FeedPost(
    @JsonProperty("NewStatusID") int newStatusId,
    @JsonProperty("CascadeStatus") boolean cascadeStatus,
    @JsonProperty("Comments") String comments,
    @JsonProperty("Notify") List<String> notifyEmails,
    @JsonProperty("IsPrivate") boolean isPrivate,
    @JsonProperty("IsRichHtml") boolean isRichHtml,
    @JsonProperty("IsCommunication") boolean isCommunication) {

  public FeedPost {
    notifyEmails = notifyEmails == null ? List.of() : List.copyOf(notifyEmails);
  }

  /** A private or public comment without a status change or notification. */
  public static FeedPost comment(String text, boolean isPrivate, boolean isRichHtml) {
    return new FeedPost(0, false, text, List.of("null"), isPrivate, isRichHtml, false);
  }
}
