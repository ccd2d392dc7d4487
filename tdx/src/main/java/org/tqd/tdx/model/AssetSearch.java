package org.tqd.tdx.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The body of {@code POST api/{assetAppId}/assets/search} ({@code
 * TeamDynamix.Api.Assets.AssetSearch}). Null fields are not sent. {@code SerialLike} is a LIKE on
 * serial number and tag; {@code SearchText} covers tag, serial, model, manufacturer and supplier,
 * but not the asset name.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AssetSearch(
    @JsonProperty("SerialLike") String serialLike,
    @JsonProperty("SearchText") String searchText,
    @JsonProperty("StatusIDs") List<Integer> statusIds,
    @JsonProperty("FormIDs") List<Integer> formIds,
    @JsonProperty("OwningCustomerIDs") List<String> owningCustomerIds,
    @JsonProperty("ModifiedDateFrom") String modifiedDateFrom,
    @JsonProperty("MaxResults") Integer maxResults) {

  public static AssetSearch bySerial(
      String serialLike, List<Integer> statusIds, List<Integer> formIds) {
    return new AssetSearch(serialLike, null, statusIds, formIds, null, null, null);
  }

  public static AssetSearch byText(String text, List<Integer> statusIds, List<Integer> formIds) {
    return new AssetSearch(null, text, statusIds, formIds, null, null, null);
  }

  public static AssetSearch byOwner(String uid) {
    return new AssetSearch(null, null, null, null, List.of(uid), null, null);
  }

  /**
   * All assets of the given forms modified at or after {@code modifiedDateFrom} (ISO-8601, may be
   * null).
   */
  public static AssetSearch modifiedSince(String modifiedDateFrom, List<Integer> formIds) {
    return new AssetSearch(null, null, null, formIds, null, modifiedDateFrom, 0);
  }
}
