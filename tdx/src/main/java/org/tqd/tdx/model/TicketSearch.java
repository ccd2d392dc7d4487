package org.tqd.tdx.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The body of {@code POST api/{ticketAppId}/tickets/search} ({@code
 * TeamDynamix.Api.Tickets.TicketSearch}). Null fields are not sent; TDX's {@code MaxResults}
 * default is 300 and 0 returns everything. Results are thin tickets (no description).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TicketSearch(
    @JsonProperty("RequestorUids") List<String> requestorUids,
    @JsonProperty("ConfigurationItemIDs") List<Integer> configurationItemIds,
    @JsonProperty("StatusIDs") List<Integer> statusIds,
    @JsonProperty("SearchText") String searchText,
    @JsonProperty("MaxResults") Integer maxResults) {

  public static TicketSearch byRequestor(String uid, List<Integer> statusIds) {
    return new TicketSearch(List.of(uid), null, statusIds, null, null);
  }

  public static TicketSearch byConfigurationItem(int ciId, List<Integer> statusIds) {
    return new TicketSearch(null, List.of(ciId), statusIds, null, null);
  }
}
