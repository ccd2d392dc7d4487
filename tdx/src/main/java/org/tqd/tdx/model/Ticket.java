package org.tqd.tdx.model;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A TDX ticket ({@code TeamDynamix.Api.Tickets.Ticket}): the fields tqd reads itself as typed
 * components, and every other field TDX sent, by its TDX name, in {@link #otherFields} (priority,
 * account, source, on-hold, custom {@code Attributes}, ...), which rules read by name. Ticket
 * searches return a thin projection: {@code description} and {@code Attributes} are then absent.
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
    @JsonProperty("ModifiedDate") String modifiedDate,
    @JsonAnySetter Map<String, Object> otherFields) {

  public Ticket {
    otherFields =
        otherFields == null || otherFields.isEmpty()
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(otherFields));
  }

  /** A ticket with only the typed fields. */
  public Ticket(
      int id,
      int appId,
      String title,
      String description,
      int typeId,
      int formId,
      int statusId,
      String statusName,
      int statusClass,
      String requestorUid,
      String requestorName,
      String requestorEmail,
      String responsibleUid,
      int responsibleGroupId,
      String createdDate,
      String modifiedDate) {
    this(
        id,
        appId,
        title,
        description,
        typeId,
        formId,
        statusId,
        statusName,
        statusClass,
        requestorUid,
        requestorName,
        requestorEmail,
        responsibleUid,
        responsibleGroupId,
        createdDate,
        modifiedDate,
        Map.of());
  }

  /** The other fields, written back flat beside the typed ones. */
  @Override
  @JsonAnyGetter
  public Map<String, Object> otherFields() {
    return otherFields;
  }
}
