package org.tqd.tdx.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A configuration item attached to a ticket ({@code TeamDynamix.Api.Cmdb.ConfigurationItem}). Its
 * {@code id} is the CI ID, never an asset ID: for assets, the asset ID is {@code backingItemId} and
 * {@code backingItemType} is {@link #BACKING_TYPE_ASSET}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ConfigurationItem(
    @JsonProperty("ID") int id,
    @JsonProperty("AppID") int appId,
    @JsonProperty("FormID") int formId,
    @JsonProperty("TypeID") int typeId,
    @JsonProperty("Name") String name,
    @JsonProperty("BackingItemID") int backingItemId,
    @JsonProperty("BackingItemType") int backingItemType) {

  /** {@code BackingItemType} of a CI that stands for an asset. */
  public static final int BACKING_TYPE_ASSET = 27;

  /** True when this CI stands for an asset, so {@link #backingItemId()} is an asset ID. */
  public boolean isAsset() {
    return backingItemType == BACKING_TYPE_ASSET;
  }
}
