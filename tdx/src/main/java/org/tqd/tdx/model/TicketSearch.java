package org.tqd.tdx.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The body of {@code POST api/{ticketAppId}/tickets/search} ({@code
 * TeamDynamix.Api.Tickets.TicketSearch}). Null fields are not sent; TDX's {@code MaxResults}
 * default is 300 and 0 returns everything. Results are thin tickets (no description).
 *
 * @param requestorUids {@code RequestorUids}: tickets of one of these people
 * @param configurationItemIds {@code ConfigurationItemIDs}: tickets on one of these CIs (CI IDs,
 *     not asset IDs)
 * @param statusIds {@code StatusIDs}: tickets in one of these statuses
 * @param searchText {@code SearchText}
 * @param maxResults {@code MaxResults}: null for TDX's default (300), 0 for all
 * @param modifiedDateFrom {@code ModifiedDateFrom}: tickets modified at or after this instant, as
 *     an ISO-8601 UTC date ({@code 2026-03-05T16:00:00Z}); null for any
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TicketSearch(
    @JsonProperty("RequestorUids") List<String> requestorUids,
    @JsonProperty("ConfigurationItemIDs") List<Integer> configurationItemIds,
    @JsonProperty("StatusIDs") List<Integer> statusIds,
    @JsonProperty("SearchText") String searchText,
    @JsonProperty("MaxResults") Integer maxResults,
    @JsonProperty("ModifiedDateFrom") String modifiedDateFrom) {

  /** A search without a modification date. */
  public TicketSearch(
      List<String> requestorUids,
      List<Integer> configurationItemIds,
      List<Integer> statusIds,
      String searchText,
      Integer maxResults) {
    this(requestorUids, configurationItemIds, statusIds, searchText, maxResults, null);
  }

  public static TicketSearch byRequestor(String uid, List<Integer> statusIds) {
    return new TicketSearch(List.of(uid), null, statusIds, null, null);
  }

  public static TicketSearch byConfigurationItem(int ciId, List<Integer> statusIds) {
    return new TicketSearch(null, List.of(ciId), statusIds, null, null);
  }

  /**
   * Every ticket, whatever its status, modified at or after {@code from} ({@code MaxResults} 0: all
   * of them).
   */
  public static TicketSearch modifiedSince(Instant from) {
    return new TicketSearch(null, null, null, null, 0, DateTimeFormatter.ISO_INSTANT.format(from));
  }
}
