package org.tqd.tdx.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** An asset ({@code TeamDynamix.Api.Assets.Asset}), reduced to the fields tqd reads. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Asset(
    @JsonProperty("ID") int id,
    @JsonProperty("AppID") int appId,
    @JsonProperty("FormID") int formId,
    @JsonProperty("StatusID") int statusId,
    @JsonProperty("StatusName") String statusName,
    @JsonProperty("Name") String name,
    @JsonProperty("Tag") String tag,
    @JsonProperty("SerialNumber") String serialNumber,
    @JsonProperty("OwningCustomerID") String owningCustomerId,
    @JsonProperty("OwningCustomerName") String owningCustomerName,
    @JsonProperty("ConfigurationItemID") int configurationItemId,
    @JsonProperty("ModifiedDate") String modifiedDate) {}
