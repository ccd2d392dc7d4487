package org.tqd.tdx.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A reply to a feed entry, as returned inside {@code GET api/feed/{id}}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FeedReply(
    @JsonProperty("ID") int id,
    @JsonProperty("Body") String body,
    @JsonProperty("IsRichHtml") boolean isRichHtml,
    @JsonProperty("CreatedUid") String createdUid,
    @JsonProperty("CreatedFullName") String createdFullName,
    @JsonProperty("CreatedDate") String createdDate) {}
