package org.tqd.tdx.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A TDX ticket ({@code TeamDynamix.Api.Tickets.Ticket}), reduced to the fields tqd reads. Unknown
 * fields are ignored. Ticket searches return a thin projection: {@code description} is then null.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Ticket(
    @JsonProperty("ID") int id,
    @JsonProperty("AppID") int appId,
    @JsonProperty("Title") String title,
    @JsonProperty("Description") String description,
    @JsonProperty("TypeID") int typeId,
    @JsonProperty("FormID") int formId,
    @JsonProperty("StatusID") int statusId,
    @JsonProperty("StatusName") String statusName,
    @JsonProperty("StatusClass") int statusClass,
    @JsonProperty("RequestorUid") String requestorUid,
    @JsonProperty("RequestorName") String requestorName,
    @JsonProperty("RequestorEmail") String requestorEmail,
    @JsonProperty("ResponsibleUid") String responsibleUid,
    @JsonProperty("ResponsibleGroupID") int responsibleGroupId,
    @JsonProperty("CreatedDate") String createdDate,
    @JsonProperty("ModifiedDate") String modifiedDate) {}
