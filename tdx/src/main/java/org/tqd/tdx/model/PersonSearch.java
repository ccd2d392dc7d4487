package org.tqd.tdx.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The body of {@code POST api/people/search} ({@code TeamDynamix.Api.Users.UserSearch}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PersonSearch(
    @JsonProperty("SearchText") String searchText,
    @JsonProperty("UserName") String userName,
    @JsonProperty("IsActive") Boolean isActive,
    @JsonProperty("MaxResults") Integer maxResults) {}
